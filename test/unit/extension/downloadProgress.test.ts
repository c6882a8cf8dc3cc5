import assert from 'node:assert/strict';
import { describeDownload, formatDuration, percentDone } from '../../../src/extension/downloadProgress';

const kb = (n: number) => `${Math.round(n / 1024)} KB`;

describe('download progress text', () => {
  it('shows bytes, speed and time left while downloading', () => {
    const p = { phase: 'downloading' as const, bytes: 300 * 1024, totalBytes: 1000 * 1024, bytesPerSecond: 100 * 1024, secondsLeft: 7 };
    assert.equal(describeDownload(p, kb), '300 KB of 1000 KB · 100 KB/s · 7 s left');
    assert.equal(percentDone(p), 30);
    assert.equal(describeDownload({ ...p, bytesPerSecond: 0, secondsLeft: undefined }, kb), '300 KB of 1000 KB');
  });

  it('names the other phases', () => {
    const p = { bytes: 0, totalBytes: 0, bytesPerSecond: 0 };
    assert.match(describeDownload({ ...p, phase: 'waiting' }, kb), /another window/);
    assert.match(describeDownload({ ...p, phase: 'verifying', file: 'model.safetensors' }, kb), /Verifying model\.safetensors/);
    assert.match(describeDownload({ ...p, phase: 'converting' }, kb), /Converting/);
    assert.equal(percentDone({ ...p, phase: 'converting' }), undefined);
  });

  it('formats durations for people', () => {
    assert.equal(formatDuration(0.4), '0 s');
    assert.equal(formatDuration(59), '59 s');
    assert.equal(formatDuration(61), '1 min 01 s');
    assert.equal(formatDuration(3725), '1 h 02 min');
  });
});
