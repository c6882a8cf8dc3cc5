import { parentPort, workerData } from 'node:worker_threads';
import { ImageTextMatcher } from '../matcher';
import type { MatchCall, MatchReply, MatchWorkerSetup } from './matchWorker';
import { serializeError } from './protocol';
import { serveRequests } from './serveRequests';

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
  serveRequests(
    port,
    (request: MatchCall, signal) => matcher.score(request.image, request.texts, signal),
    () => matcher.dispose(),
  );
}

void main(workerData as MatchWorkerSetup);
