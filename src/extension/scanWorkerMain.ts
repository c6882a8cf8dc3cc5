import { parentPort } from 'node:worker_threads';
import { scanDocumentWithWarnings, ScanLimitError } from '../markdown';
import type { ScanRequest, ScanReply } from './offThreadScanner';

/**
 * Entry of the thread that scans large documents for the editor (bundled as dist/scanWorker.js):
 * a long Markdown document takes a noticeable time to tokenize, which must not be spent on the
 * extension host's thread while the writer types.
 */
if (!parentPort) throw new Error('scanWorkerMain runs only as a worker thread');
const port = parentPort;
port.on('message', (request: ScanRequest) => {
  let reply: ScanReply;
  try {
    reply = { id: request.id, ok: true, result: scanDocumentWithWarnings(request.text, request.kind, request.options) };
  } catch (error) {
    reply =
      error instanceof ScanLimitError
        ? { id: request.id, ok: false, limit: { reason: error.reason, detail: error.detail } }
        : { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
