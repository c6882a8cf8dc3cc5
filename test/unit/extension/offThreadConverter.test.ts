import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { threadId, type Worker } from 'node:worker_threads';
import { offThreadConverter } from '../../../src/extension/offThreadConverter';

const tinyBlip = path.join(__dirname, '../../fixtures/blip-reference/tiny-blip');

describe('conversion in a worker thread', () => {
  let dir: string;
  let workerFile: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'off-thread-'));
    // The bundled worker is dist/convertWorker.js; from sources, the same entry runs through tsx.
    workerFile = path.join(dir, 'convertWorker.js');
    writeFileSync(
      workerFile,
      `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(path.join(__dirname, '../../../src/extension/convertWorkerMain.ts'))});\n`,
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("converts a checkpoint into ONNX graphs without using the caller's thread", async () => {
    const converter = offThreadConverter('test-version', workerFile);
    assert.equal(converter.version, 'test-version');
    const out = path.join(dir, 'pack');
    const threads: Worker[] = [];
    const exits: Promise<unknown>[] = [];
    const started = (worker: Worker) => {
      threads.push(worker);
      exits.push(once(worker, 'exit'));
    };
    process.on('worker', started);
    const converted = await converter.convert(tinyBlip, out, 'fp32').finally(() => process.off('worker', started));
    assert.deepEqual(converted, { task: 'captioning' });
    assert.ok(
      readdirSync(out).some((f) => f.endsWith('.onnx')),
      `no graphs in ${readdirSync(out).join(', ')}`,
    );
    // One worker thread, not this one, did the work, and it is gone.
    assert.equal(threads.length, 1);
    assert.notEqual(threads[0].threadId, threadId);
    await Promise.all(exits);
  });

  it('converts an image-text matching checkpoint into a matching pack and says so', async () => {
    const out = path.join(dir, 'itm-pack');
    const converted = await offThreadConverter('test-version', workerFile).convert(
      path.join(__dirname, '../../fixtures/blip-itm-reference/tiny-blip-itm'),
      out,
      'fp32',
    );
    assert.deepEqual(converted, { task: 'image-text-matching' });
    assert.deepEqual(readdirSync(out).sort(), ['itm_image.onnx', 'itm_text.onnx', 'vision.onnx']);
  });

  it('reports a conversion failure as an error', async () => {
    const converter = offThreadConverter('test-version', workerFile);
    // The checkpoint's own error, by name and message, crosses the thread boundary.
    await assert.rejects(converter.convert(path.join(dir, 'no-such-checkpoint'), path.join(dir, 'out2'), 'fp32'), {
      name: 'CheckpointError',
      message: /no-such-checkpoint.config\.json cannot be read/,
    });
    assert.equal(existsSync(path.join(dir, 'out2', 'vision.onnx')), false);
  });
});
