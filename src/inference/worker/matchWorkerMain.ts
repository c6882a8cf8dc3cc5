import { parentPort, workerData } from 'node:worker_threads';
import { ImageTextMatcher } from '../matcher';
import type { MatchReply, MatchRequest, MatchWorkerSetup } from './matchWorker';
import { serializeError } from './protocol';

/**
 * Entry of the image-text matching thread (bundled as dist/matchWorker.js): loads the matching
 * model once, then scores alt texts against images as they are asked for.
 */
if (!parentPort) throw new Error('matchWorkerMain runs only as a worker thread');
const port = parentPort;
const reply = (message: MatchReply) => port.postMessage(message);

async function main(setup: MatchWorkerSetup): Promise<void> {
  let matcher: ImageTextMatcher;
  try {
    matcher = await ImageTextMatcher.load(setup.modelDir, setup.options);
  } catch (err) {
    reply({ type: 'failed', error: serializeError(err) });
    return;
  }
  reply({ type: 'ready', packDir: matcher.packDir });
  const inFlight = new Map<number, AbortController>();
  port.on('message', async (request: MatchRequest) => {
    if (request.type === 'cancel') {
      inFlight.get(request.id)?.abort();
      return;
    }
    if (request.type === 'dispose') {
      await matcher.dispose().catch(() => undefined);
      port.close();
      return;
    }
    const controller = new AbortController();
    inFlight.set(request.id, controller);
    try {
      reply({ type: 'done', id: request.id, scores: await matcher.score(request.image, request.texts, controller.signal) });
    } catch (err) {
      reply({ type: 'error', id: request.id, error: serializeError(err) });
    } finally {
      inFlight.delete(request.id);
    }
  });
}

void main(workerData as MatchWorkerSetup);
