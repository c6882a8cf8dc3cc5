import { parentPort, workerData } from 'node:worker_threads';
import { Captioner } from '../captioner';
import { loadImageProcessorConfig, preprocessImage } from '../image';
import type { CaptionResult } from '../types';
import { serializeError, type WorkerCall, type WorkerReply, type WorkerRole } from './protocol';
import { serveRequests } from './serveRequests';

/**
 * Entry of the caption worker threads (bundled as dist/captionWorker.js). The role in workerData
 * says which of the two jobs this thread does: run the model, or decode and preprocess images.
 */
if (!parentPort) throw new Error('captionWorkerMain runs only as a worker thread');
const port = parentPort;

const reply = (message: WorkerReply) => port.postMessage(message);

async function main(setup: WorkerRole): Promise<void> {
  let handle: (request: WorkerCall, signal: AbortSignal) => Promise<CaptionResult | Float32Array>;
  let close: () => Promise<void>;
  try {
    if (setup.role === 'inference') {
      const captioner = await Captioner.load(setup.modelDir, setup.options);
      handle = async (request, signal) => {
        if (request.type !== 'caption') throw new Error('the inference thread does not preprocess');
        return captioner.captionPixels(request.pixels, request.request, signal);
      };
      close = () => captioner.dispose();
      reply({ type: 'ready', packDir: captioner.packDir });
    } else {
      const config = await loadImageProcessorConfig(setup.packDir);
      handle = async (request) => {
        if (request.type !== 'preprocess') throw new Error('the preprocessing thread does not caption');
        return preprocessImage(request.image, config, { maxPixels: setup.maxPixels, maxFileBytes: setup.maxFileBytes });
      };
      close = async () => undefined;
      reply({ type: 'ready', packDir: setup.packDir });
    }
  } catch (err) {
    reply({ type: 'failed', error: serializeError(err) });
    return;
  }

  // Pixel buffers move to the caller rather than being copied.
  serveRequests(port, handle, close, (value) => (value instanceof Float32Array ? [value.buffer as ArrayBuffer] : []));
}

void main(workerData as WorkerRole);
