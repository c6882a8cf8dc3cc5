import assert from 'node:assert/strict';
import { REPO, WEIGHTS, rejection, useHub } from './fixtures';

describe('model store: a server that stalls', function () {
  this.timeout(20000);
  const hub = useHub();

  it('can be cancelled promptly mid-file, and the next fetch resumes from there', async () => {
    const server = await hub.start({ faults: [{ file: WEIGHTS, cutAfter: 4096, stall: true, times: 1 }] });
    const controller = new AbortController();
    let abortedAt = 0;
    const fetching = hub.store({ idleTimeoutMs: 60_000 }).fetch(
      { repo: REPO },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.file === WEIGHTS && p.phase === 'downloading' && !abortedAt) {
            // Let the stalled body sit a moment, then cancel.
            setTimeout(() => ((abortedAt = Date.now()), controller.abort()), 100);
          }
        },
      },
    );
    const error = await rejection(fetching);
    assert.equal(error.code, 'cancelled');
    assert.ok(Date.now() - abortedAt < 500, `cancelled after ${Date.now() - abortedAt} ms`);
    // The lock was released and the 4 KB kept: a new fetch finishes with a Range request.
    await hub.store().fetch({ repo: REPO });
    assert.equal(server.downloads(WEIGHTS).at(-1)!.range, 'bytes=4096-');
  });

  it('can be cancelled while waiting for response headers', async () => {
    await hub.start({ faults: [{ file: 'config.json', hang: true }] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const error = await rejection(hub.store({ idleTimeoutMs: 60_000 }).plan({ repo: REPO }, controller.signal));
    assert.equal(error.code, 'cancelled');
    assert.ok(Date.now() - started < 1000);
  });

  it('gives up with a timeout error when a body goes silent, after retrying', async () => {
    const server = await hub.start({ faults: [{ file: WEIGHTS, stall: true }] });
    const error = await rejection(hub.store({ idleTimeoutMs: 300, retries: 2 }).fetch({ repo: REPO }));
    assert.equal(error.code, 'timeout');
    assert.match(error.message, /127\.0\.0\.1:\d+ sent nothing for 0\.3 s; the connection timed out/);
    assert.equal(server.downloads(WEIGHTS).length, 3, 'one try and two retries');
  });

  it('times out when the hub never answers', async () => {
    await hub.start({ faults: [{ file: 'config.json', hang: true }] });
    const error = await rejection(hub.store({ idleTimeoutMs: 300 }).plan({ repo: REPO }));
    assert.equal(error.code, 'timeout');
  });
});
