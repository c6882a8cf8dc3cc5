import { parentPort, workerData } from 'node:worker_threads';
import { serveRequests } from '../worker/serveRequests';
import type { OcrCall, OcrReply, OcrSetup } from './protocol';
import { readVisibleText } from './readVisibleText';
import { TextRecognizer } from './textRecognizer';

/**
 * Entry of the text-reading thread (bundled as dist/ocrWorker.js): decodes each image, judges
 * whether it looks like a screenshot or a diagram, and has tesseract.js read those, in the thread
 * tesseract.js starts under this one. The caller's thread only passes messages.
 */
if (!parentPort) throw new Error('ocrWorkerMain runs only as a worker thread');
const port = parentPort;
const reply = (message: OcrReply) => port.postMessage(message);

function main(limits: OcrSetup): void {
  // tesseract.js (its thread, core and data: about 2 s to start) starts on the first image that
  // looks like a screenshot; a run of photographs never loads it. A failed start is retried on the
  // next such image.
  let recognizer: Promise<TextRecognizer> | undefined;
  const startRecognizer = () => {
    recognizer ??= TextRecognizer.start();
    recognizer.catch(() => (recognizer = undefined));
    return recognizer;
  };
  serveRequests(
    port,
    (request: OcrCall) => readVisibleText(startRecognizer, request.image, { name: request.name, limits }),
    async () => {
      await (await recognizer?.catch(() => undefined))?.dispose().catch(() => undefined);
    },
  );
  reply({ type: 'ready' });
}

void main(workerData as OcrSetup);
