import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FileReadError, readRegularFile, readRegularFileSync } from '../../../src/inference/regularFile';

describe('reading a regular file under a limit', () => {
  let dir: string;
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'regular-file-')));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const refusal = (reason: FileReadError['reason'], message: RegExp) => (error: Error) =>
    error instanceof FileReadError && error.reason === reason && message.test(error.message);

  for (const [name, read] of [
    ['readRegularFile', (file: string, max: number) => readRegularFile(file, max)],
    ['readRegularFileSync', async (file: string, max: number) => readRegularFileSync(file, max)],
  ] as const) {
    describe(name, () => {
      it('reads a file up to the limit, byte for byte', async () => {
        const file = path.join(dir, `${name}-ok.bin`);
        fs.writeFileSync(file, Buffer.from([1, 2, 3, 4]));
        assert.deepEqual([...(await read(file, 4))], [1, 2, 3, 4]);
        await assert.rejects(read(file, 3), refusal('too-large', /ok\.bin is 4 bytes, more than the 3 bytes limit$/));
      });

      it('refuses a file above the limit from its size, before reading it (a sparse 1.5 GB file)', async () => {
        const file = path.join(dir, `${name}-sparse.bin`);
        fs.writeFileSync(file, '');
        fs.truncateSync(file, 1536 * 1024 * 1024);
        await assert.rejects(read(file, 50 * 1024 * 1024), refusal('too-large', /sparse\.bin is 1536 MB, more than the 50 MB limit$/));
      });

      it('refuses a FIFO at once instead of waiting for a writer, and a folder', async () => {
        const fifo = path.join(dir, `${name}-pipe.png`);
        execFileSync('mkfifo', [fifo]);
        await assert.rejects(read(fifo, 1000), refusal('not-regular', /pipe\.png is not a regular file \(a named pipe\)$/));
        await assert.rejects(read(dir, 1000), refusal('not-regular', /is not a regular file \(a folder\)$/));
      });

      it('names a missing file', async () => {
        const missing = path.join(dir, 'nope', 'missing.png');
        await assert.rejects(
          read(missing, 1000),
          refusal('missing', new RegExp(`^${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} does not exist$`)),
        );
      });
    });
  }
});
