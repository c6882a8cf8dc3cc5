import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Converter } from '../inference/store';
import type { Precision } from '../inference/types';

/**
 * The built-in converter, run in a worker thread (dist/convertWorker.js next to the extension's
 * bundle), so that the model store's conversion step never blocks the extension host.
 */
export function offThreadConverter(version: string, workerFile = path.join(__dirname, 'convertWorker.js')): Converter {
  return {
    version,
    convert(checkpointDir: string, outDir: string, precision: Precision): Promise<{ task?: string }> {
      return new Promise<{ task?: string }>((resolve, reject) => {
        const worker = new Worker(workerFile, { workerData: { checkpointDir, outDir, precision } });
        let settled = false;
        worker.once('message', (reply: { ok: boolean; task?: string; name?: string; message?: string }) => {
          settled = true;
          if (reply.ok) resolve({ task: reply.task });
          else reject(Object.assign(new Error(reply.message ?? 'the conversion failed'), { name: reply.name ?? 'Error' }));
          void worker.terminate();
        });
        worker.once('error', (err) => {
          settled = true;
          reject(err);
        });
        worker.once('exit', (code) => {
          if (!settled) reject(new Error(`the model conversion thread stopped (exit code ${code})`));
        });
      });
    },
  };
}
