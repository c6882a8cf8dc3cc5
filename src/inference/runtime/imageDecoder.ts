import type { TokenScorer } from '../generation/scorer';
import { selectRows, type BlipSessions, type CrossAttentionCache, type SelfAttentionCache } from './sessions';

/**
 * The decoder bound to one image: a TokenScorer over rows that share the image's cross-attention
 * keys and values (computed once) and each keep their own self-attention cache.
 */
export class ImageDecoder implements TokenScorer {
  private cache: SelfAttentionCache;
  private readonly crossByBatch = new Map<number, CrossAttentionCache>();

  constructor(
    private readonly sessions: BlipSessions,
    cross: CrossAttentionCache,
  ) {
    if (cross.batch !== 1) throw new Error('an ImageDecoder serves one image');
    this.crossByBatch.set(1, cross);
    this.cache = sessions.emptyCache(1);
  }

  get vocabSize(): number {
    return this.sessions.config.text.vocabSize;
  }

  get rows(): number {
    return this.cache.batch;
  }

  select(sources: readonly number[]): void {
    const identity = sources.length === this.cache.batch && sources.every((s, i) => s === i);
    if (identity) return;
    if (this.cache.length === 0) {
      this.cache = this.sessions.emptyCache(sources.length);
      return;
    }
    this.cache = {
      batch: sources.length,
      length: this.cache.length,
      keys: this.cache.keys.map((t) => selectRows(t, sources)),
      values: this.cache.values.map((t) => selectRows(t, sources)),
    };
  }

  async next(tokens: readonly (readonly number[])[]): Promise<Float32Array> {
    const batch = tokens.length;
    if (batch !== this.cache.batch) throw new Error(`expected tokens for ${this.cache.batch} rows, got ${batch}`);
    const sequence = tokens[0].length;
    const ids = new BigInt64Array(batch * sequence);
    tokens.forEach((row, r) => {
      if (row.length !== sequence) throw new Error('every row must feed the same number of tokens');
      row.forEach((id, i) => (ids[r * sequence + i] = BigInt(id)));
    });
    const { logits, cache } = await this.sessions.decode(ids, sequence, this.cache, this.cross(batch));
    this.cache = cache;
    if (sequence === 1) return logits;
    // Only each row's last position predicts the next token.
    const vocab = this.vocabSize;
    const last = new Float32Array(batch * vocab);
    for (let r = 0; r < batch; r++) last.set(logits.subarray(((r + 1) * sequence - 1) * vocab, (r + 1) * sequence * vocab), r * vocab);
    return last;
  }

  /** The image's keys and values repeated for `batch` rows; the repeat is made once per row count. */
  private cross(batch: number): CrossAttentionCache {
    let cross = this.crossByBatch.get(batch);
    if (!cross) {
      const one = this.crossByBatch.get(1)!;
      const rows = new Array<number>(batch).fill(0);
      cross = { batch, keys: one.keys.map((t) => selectRows(t, rows)), values: one.values.map((t) => selectRows(t, rows)) };
      this.crossByBatch.set(batch, cross);
    }
    return cross;
  }
}
