import assert from 'node:assert/strict';
import { REPO, WEIGHTS, eventually, rejection, useHub } from './fixtures';

// Longer than mocha's hang guard: in the cancellation tests only the cancel can end the request.
const NEVER = 600_000;

describe('model store: a server that stalls', () => {
  const hub = useHub();

  it('cancels mid-file by closing the connection, and the next fetch resumes from there', async () => {
    const server = await hub.start({ faults: [{ file: WEIGHTS, cutAfter: 4096, stall: true, times: 1 }] });
    const controller = new AbortController();
    let aborted = false;
    const fetching = hub.store({ idleTimeoutMs: NEVER }).fetch(
      { repo: REPO },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.file === WEIGHTS && p.phase === 'downloading' && !aborted) {
            // Let the stalled body sit a moment, then cancel.
            aborted = true;
            setTimeout(() => controller.abort(), 100);
          }
        },
      },
    );
    const error = await rejection(fetching);
    assert.equal(error.code, 'cancelled');
    // The stalled response was given up by the client, not left open until an idle timeout.
    const stalled = server.downloads(WEIGHTS)[0];
    await eventually('the stalled download to be closed by the client', () => stalled.abandoned === true);
    // The lock was released and the 4 KB kept: a new fetch finishes with a Range request.
    await hub.store().fetch({ repo: REPO });
    assert.equal(server.downloads(WEIGHTS).at(-1)!.range, 'bytes=4096-');
  });

  it('can be cancelled while waiting for response headers, closing the request', async () => {
    const server = await hub.start({ faults: [{ file: 'config.json', hang: true }] });
    const controller = new AbortController();
    const planning = hub.store({ idleTimeoutMs: NEVER }).plan({ repo: REPO }, controller.signal);
    const asked = () => server.requests.find((r) => r.path.endsWith('/config.json'));
    await eventually('the request for config.json', () => asked() !== undefined);
    controller.abort();
    const error = await rejection(planning);
    assert.equal(error.code, 'cancelled');
    assert.equal(error.name, 'ModelStoreError');
    await eventually('the unanswered request to be closed by the client', () => asked()!.abandoned === true);
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
