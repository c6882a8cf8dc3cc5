import { parentPort, workerData } from 'node:worker_threads';
import { Captioner } from '../captioner';
import { loadImageProcessorConfig, preprocessImage } from '../image';
import type { CaptionResult } from '../types';
import { serializeError, type WorkerReply, type WorkerRequest, type WorkerRole } from './protocol';

/**
 * Entry of the caption worker threads (bundled as dist/captionWorker.js). The role in workerData
 * says which of the two jobs this thread does: run the model, or decode and preprocess images.
 */
if (!parentPort) throw new Error('captionWorkerMain runs only as a worker thread');
const port = parentPort;

const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

async function main(setup: WorkerRole): Promise<void> {
  const inFlight = new Map<number, AbortController>();
  let handle: (
    request: Extract<WorkerRequest, { type: 'preprocess' | 'caption' }>,
    signal: AbortSignal,
  ) => Promise<CaptionResult | Float32Array>;
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

  port.on('message', async (request: WorkerRequest) => {
    if (request.type === 'cancel') {
      inFlight.get(request.id)?.abort();
      return;
    }
    if (request.type === 'dispose') {
      await close().catch(() => undefined);
      port.close();
      return;
    }
    const controller = new AbortController();
    inFlight.set(request.id, controller);
    try {
      const value = await handle(request, controller.signal);
      reply({ type: 'done', id: request.id, value }, value instanceof Float32Array ? [value.buffer as ArrayBuffer] : []);
    } catch (err) {
      reply({ type: 'error', id: request.id, error: serializeError(err) });
    } finally {
      inFlight.delete(request.id);
    }
  });
}

void main(workerData as WorkerRole);
