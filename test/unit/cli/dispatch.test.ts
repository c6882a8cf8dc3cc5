import assert from 'node:assert/strict';
import { main } from '../../../src/cli';

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
});
