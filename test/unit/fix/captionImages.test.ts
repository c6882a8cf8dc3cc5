import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { captionTargets, readDistinct, type FixIo, type FixTarget } from '../../../src/fix/captionImages';
import type { ImageRef, ResolvedSource } from '../../../src/markdown/types';

/** A target for an image written as `src`, resolved to `file` (or a data: / remote source). */
function target(src: string, source: Partial<ResolvedSource> & Pick<ResolvedSource, 'kind'>): FixTarget {
  const image = { src, alt: null, range: { start: 0, end: 0 } } as unknown as ImageRef;
  return { image, source: { resolved: null, exists: true, remote: false, ...source } as ResolvedSource };
}

const file = (path: string) => ({ kind: 'file' as const, resolved: path });

/** I/O over an in-memory set of files that counts every read and every caption. */
function countingIo(files: Record<string, string>, overrides: Partial<FixIo<FixTarget>> = {}) {
  const reads: string[] = [];
  const captioned: string[] = [];
  const io: FixIo<FixTarget> = {
    read: async (t) => {
      const key = t.source.resolved ?? t.image.src;
      reads.push(key);
      if (!(key in files)) throw new Error(`no such file ${key}`);
      return new TextEncoder().encode(files[key]);
    },
    caption: async (bytes, sha256) => {
      assert.equal(sha256, createHash('sha256').update(bytes).digest('hex'), 'the hash handed over is the hash of the bytes');
      const text = new TextDecoder().decode(bytes);
      captioned.push(text);
      return text === 'blank' ? '' : `a picture showing ${text}`;
    },
    ...overrides,
  };
  return { io, reads, captioned };
}

describe('fix pipeline: distinct images', () => {
  it('reads each source once, hashes it once and captions each picture once, copies included', async () => {
    const { io, reads, captioned } = countingIo({ '/w/a.png': 'cat', '/w/copy-of-a.png': 'cat', '/w/b.png': 'dog' });
    const targets = [
      target('a.png', file('/w/a.png')),
      target('./a.png', file('/w/a.png')),
      target('copy-of-a.png', file('/w/copy-of-a.png')),
      target('b.png', file('/w/b.png')),
    ];
    const distinct = await captionTargets(targets, io);
    assert.deepEqual(reads.sort(), ['/w/a.png', '/w/b.png', '/w/copy-of-a.png'], 'one read per source');
    assert.deepEqual(captioned.sort(), ['cat', 'dog'], 'one caption per picture');
    assert.equal(distinct.length, 2);
    assert.deepEqual(
      targets.map((t) => t.caption),
      ['a picture showing cat', 'a picture showing cat', 'a picture showing cat', 'a picture showing dog'],
    );
    assert.equal(new Set(targets.slice(0, 3).map((t) => t.sha256)).size, 1);
  });

  it('fails only the targets of a picture that cannot be read or captioned, and says why', async () => {
    const { io } = countingIo(
      { '/w/a.png': 'cat', '/w/bad.png': 'broken', '/w/blank.png': 'blank' },
      {
        caption: async (bytes) => {
          const text = new TextDecoder().decode(bytes);
          if (text === 'broken') throw new Error('unsupported image format');
          return text === 'blank' ? '' : `a ${text}`;
        },
        describeFailure: (step, err) => `${step}: ${(err as Error).message}`,
      },
    );
    const targets = [
      target('a.png', file('/w/a.png')),
      target('gone.png', file('/w/gone.png')),
      target('bad.png', file('/w/bad.png')),
      target('blank.png', file('/w/blank.png')),
    ];
    await captionTargets(targets, io);
    assert.deepEqual(
      targets.map((t) => t.caption ?? t.problem),
      ['a cat', 'read: no such file /w/gone.png', 'caption: unsupported image format', 'the model gave an empty caption'],
    );
  });

  it('leaves targets that already have a problem alone, reading nothing for them', async () => {
    const { io, reads } = countingIo({ '/w/a.png': 'cat' });
    const skipped = {
      ...target('https://example.com/a.png', { kind: 'remote', resolved: 'https://example.com/a.png' }),
      problem: 'not fetched',
    };
    await captionTargets([skipped, target('a.png', file('/w/a.png'))], io);
    assert.deepEqual(reads, ['/w/a.png']);
    assert.equal(skipped.problem, 'not fetched');
    assert.equal(skipped.caption, undefined);
  });

  it('shares one read between data: images written the same way', async () => {
    const { io, reads } = countingIo({ 'data:image/png;base64,AAAA': 'pixel' });
    const targets = [target('data:image/png;base64,AAAA', { kind: 'data' }), target(' data:image/png;base64,AAAA ', { kind: 'data' })];
    await captionTargets(targets, io);
    assert.equal(reads.length, 1);
    assert.deepEqual(
      targets.map((t) => t.caption),
      ['a picture showing pixel', 'a picture showing pixel'],
    );
  });

  it('ends the whole fix on a fatal error, and stops between steps when cancelled', async () => {
    class NoModel extends Error {
      override name = 'ModelUnavailableError';
    }
    const fatal = countingIo(
      { '/w/a.png': 'cat', '/w/b.png': 'dog' },
      {
        caption: async () => {
          throw new NoModel('no model');
        },
        isFatal: (err) => err instanceof NoModel,
      },
    );
    await assert.rejects(captionTargets([target('a.png', file('/w/a.png')), target('b.png', file('/w/b.png'))], fatal.io), NoModel);

    let cancelled = false;
    const cancelling = countingIo(
      { '/w/a.png': 'cat', '/w/b.png': 'dog' },
      {
        checkCancelled: () => {
          if (cancelled) throw new Error('cancelled');
        },
        onProgress: (done) => {
          if (done === 1) cancelled = true;
        },
      },
    );
    await assert.rejects(
      captionTargets([target('a.png', file('/w/a.png')), target('b.png', file('/w/b.png'))], cancelling.io),
      /cancelled/,
    );
    assert.equal(cancelling.captioned.length, 1, 'no caption is asked after the cancel');
  });

  it('keeps the bytes only of the pictures the face asks to keep, and reports progress over distinct pictures', async () => {
    const progress: string[] = [];
    const { io } = countingIo(
      { '/w/a.png': 'cat', 'data:x': 'dot' },
      { keepBytes: (t) => t.source.kind !== 'file', onProgress: (done, total) => progress.push(`${done}/${total}`) },
    );
    const distinct = await captionTargets([target('a.png', file('/w/a.png')), target('data:x', { kind: 'data' })], io);
    const kept = distinct.map((d) => (d.bytes ? new TextDecoder().decode(d.bytes) : undefined));
    assert.deepEqual(kept, [undefined, 'dot']);
    assert.deepEqual(progress, ['0/2', '1/2', '2/2']);
  });

  it('keeps only the hashes when the face reads the files again by name (hashOnly), copies still grouped', async () => {
    const { io, reads } = countingIo({ '/w/a.png': 'cat', '/w/copy-of-a.png': 'cat', '/w/b.png': 'dog' });
    const targets = [
      target('a.png', file('/w/a.png')),
      target('copy-of-a.png', file('/w/copy-of-a.png')),
      target('b.png', file('/w/b.png')),
    ];
    const distinct = await readDistinct(targets, { ...io, hashOnly: true });
    assert.equal(reads.length, 3, 'one read per source');
    assert.deepEqual(
      distinct.map((d) => d.targets.map((t) => t.image.src)),
      [['a.png', 'copy-of-a.png'], ['b.png']],
    );
    assert.deepEqual(
      distinct.map((d) => d.bytes),
      [undefined, undefined],
      'no bytes held',
    );
    assert.equal(distinct[0].sha256, createHash('sha256').update('cat').digest('hex'));
  });

  it('asks for several captions at once when the face allows it', async () => {
    let running = 0;
    let most = 0;
    const slow = (concurrency: number) =>
      countingIo(
        { '/w/a.png': 'a', '/w/b.png': 'b', '/w/c.png': 'c' },
        {
          concurrency,
          caption: async (bytes) => {
            most = Math.max(most, ++running);
            await new Promise((resolve) => setImmediate(resolve));
            running--;
            return new TextDecoder().decode(bytes);
          },
        },
      ).io;
    const targets = () => ['a', 'b', 'c'].map((n) => target(`${n}.png`, file(`/w/${n}.png`)));
    await captionTargets(targets(), slow(1));
    assert.equal(most, 1);
    most = 0;
    await captionTargets(targets(), slow(Infinity));
    assert.equal(most, 3);
  });
});
