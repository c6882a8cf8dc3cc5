import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { main } from '../../../src/cli';
import { runCli } from '../../helpers/runCli';

describe('cli dispatcher', () => {
  it('answers an unknown command with exit code 2', async () => {
    const write = process.stderr.write;
    let err = '';
    process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
    try {
      assert.equal(await main(['no-such-command']), 2);
    } finally {
      process.stderr.write = write;
    }
    assert.match(err, /unknown command 'no-such-command'/);
  });

  it('prints the package version for --version', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const { code, stdout } = await runCli([flag]);
      assert.equal(code, 0);
      assert.equal(stdout, `${version}\n`);
    }
  });
});
