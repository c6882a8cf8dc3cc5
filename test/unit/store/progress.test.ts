import assert from 'node:assert/strict';
import { ProgressMeter, type Progress } from '../../../src/inference/store/progress';

describe('model store: progress', () => {
  it('reports bytes, speed over recent seconds, and time left, at a limited rate', () => {
    let now = 0;
    const seen: Progress[] = [];
    const meter = new ProgressMeter(
      10_000,
      (p) => seen.push(p),
      100,
      () => now,
    );
    meter.add('a.bin', 2000, false); // resumed from an earlier run: counts as done, not as speed
    for (let i = 0; i < 10; i++) {
      now += 50;
      meter.add('a.bin', 100, true);
    }
    // One report for the new file, then one every 100 ms.
    assert.equal(seen.length, 1 + 5);
    const last = meter.snapshot();
    assert.equal(last.bytes, 3000);
    assert.equal(last.bytesPerSecond, 2000);
    assert.equal(last.secondsLeft, 3.5);
  });

  it('forgets speed older than its window, so a stall shows', () => {
    let now = 0;
    const meter = new ProgressMeter(1e9, undefined, 100, () => now);
    for (let i = 0; i < 10; i++) {
      now += 100;
      meter.add('f', 1e6, true);
    }
    now += 10_000;
    meter.add('f', 1, true);
    assert.ok(meter.snapshot().bytesPerSecond < 1e5, String(meter.snapshot().bytesPerSecond));
  });

  it('reports a new phase or file at once', () => {
    const now = 0;
    const seen: Progress[] = [];
    const meter = new ProgressMeter(
      100,
      (p) => seen.push(p),
      1000,
      () => now,
    );
    meter.add('a', 10, true);
    meter.add('b', 10, true);
    meter.enter('verifying', 'b');
    meter.enter('converting');
    assert.deepEqual(
      seen.map((p) => `${p.phase} ${p.file ?? ''}`),
      ['downloading a', 'downloading b', 'verifying b', 'converting '],
    );
  });
});
