import { parentPort, workerData } from 'node:worker_threads';
import { builtInConverter } from '../inference/store/builtInConverter';
import type { Precision } from '../inference/types';

/**
 * Entry of the thread that converts a checkpoint into an ONNX pack for the extension (bundled as
 * dist/convertWorker.js): converting a full-size checkpoint takes seconds of CPU, which must not be
 * spent on the extension host's thread.
 */
interface ConvertJob {
  checkpointDir: string;
  outDir: string;
  precision: Precision;
}

if (!parentPort) throw new Error('convertWorkerMain runs only as a worker thread');
const port = parentPort;
const job = workerData as ConvertJob;
builtInConverter.convert(job.checkpointDir, job.outDir, job.precision).then(
  (converted) => port.postMessage({ ok: true, task: converted?.task }),
  (err: unknown) => port.postMessage({ ok: false, name: (err as Error)?.name, message: err instanceof Error ? err.message : String(err) }),
);
