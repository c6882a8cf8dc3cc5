import assert from 'node:assert/strict';
import {
  applyMinLength,
  applyRepetitionPenalty,
  argmax,
  beamSearch,
  cleanCaption,
  GENERATION_DEFAULTS,
  generate,
  greedySearch,
  logSoftmax,
  promptIds,
  resolveSettings,
  type DecodingSettings,
  type TokenScorer,
} from '../../../src/inference/generation';
import { topK } from '../../../src/inference/generation/beamSearch';

const EOS = 0;
const BOS = 9;
const VOCAB = 10;

/**
 * A model given as next-token probabilities per prefix. It tracks its rows the way the runtime's
 * cache does (select, then append), so a wrong beam reordering shows up as wrong probabilities.
 */
class ScriptedScorer implements TokenScorer {
  readonly vocabSize = VOCAB;
  private sequences: number[][] = [[]];
  readonly fed: number[][][] = [];

  constructor(
    private readonly table: Record<string, Record<number, number>>,
    private readonly fallback: Record<number, number> = { [EOS]: 1 },
  ) {}

  get rows(): number {
    return this.sequences.length;
  }

  select(sources: readonly number[]): void {
    this.sequences = sources.map((s) => [...this.sequences[s]]);
  }

  async next(tokens: readonly (readonly number[])[]): Promise<Float32Array> {
    assert.equal(tokens.length, this.sequences.length, 'one token list per row');
    this.fed.push(tokens.map((t) => [...t]));
    const out = new Float32Array(tokens.length * VOCAB);
    tokens.forEach((t, r) => {
      this.sequences[r].push(...t);
      const probs = this.table[this.sequences[r].join(',')] ?? this.fallback;
      for (let v = 0; v < VOCAB; v++) out[r * VOCAB + v] = Math.log(probs[v] ?? 1e-9);
    });
    return out;
  }
}

function settings(overrides: Partial<DecodingSettings> = {}): DecodingSettings {
  return { ...GENERATION_DEFAULTS, eosTokenId: EOS, ...overrides };
}

describe('logits processing', () => {
  it('repetition penalty divides positive and multiplies negative scores of every token seen, once each', () => {
    const scores = Float32Array.from([2, -2, 3, 4]);
    applyRepetitionPenalty(scores, [0, 1, 1, 1], 2);
    assert.deepEqual([...scores], [1, -4, 3, 4]);
  });

  it('repetition penalty 1 changes nothing', () => {
    const scores = Float32Array.from([2, -2]);
    applyRepetitionPenalty(scores, [0, 1], 1);
    assert.deepEqual([...scores], [2, -2]);
  });

  it('minimum length forbids the end token only while the sequence is shorter', () => {
    const scores = Float32Array.from([5, 1]);
    applyMinLength(scores, 4, 5, 0);
    assert.equal(scores[0], -Infinity);
    const later = Float32Array.from([5, 1]);
    applyMinLength(later, 5, 5, 0);
    assert.equal(later[0], 5);
  });

  it('log-softmax normalises, argmax takes the first of equal maxima, topK keeps index order on ties', () => {
    const scores = Float32Array.from([1, 3, 3, 0]);
    assert.equal(argmax(scores), 1);
    logSoftmax(scores);
    assert.ok(Math.abs([...scores].reduce((s, x) => s + Math.exp(x), 0) - 1) < 1e-6);
    assert.deepEqual(topK([1, 3, 3, 0, 5], 3), [4, 1, 2]);
  });

  it('the prompt becomes [DEC] + prompt tokens without the trailing [SEP]', () => {
    assert.deepEqual(promptIds([101, 1037, 3861, 1997, 102], 30522), [30522, 1037, 3861, 1997]);
    assert.deepEqual(promptIds(undefined, 30522), [30522]);
  });

  it('settings get Hugging Face defaults and refuse impossible values', () => {
    const s = resolveSettings({}, EOS, 1, 512);
    assert.deepEqual(
      { ...s },
      { numBeams: 1, maxLength: 20, minLength: 0, repetitionPenalty: 1, lengthPenalty: 1, earlyStopping: false, eosTokenId: EOS },
    );
    assert.throws(() => resolveSettings({ numBeams: 0 }, EOS, 1, 512), /numBeams/);
    assert.throws(() => resolveSettings({ maxLength: 4 }, EOS, 4, 512), /maxLength/);
    assert.throws(() => resolveSettings({ maxLength: 600 }, EOS, 1, 512), /positions/);
    assert.throws(() => resolveSettings({ repetitionPenalty: 0 }, EOS, 1, 512), /repetitionPenalty/);
  });
});

describe('greedy search', () => {
  it('feeds the prompt once, then one token per step, and keeps the end token', async () => {
    const scorer = new ScriptedScorer({ '9,5': { 3: 0.9 }, '9,5,3': { 4: 0.9 }, '9,5,3,4': { [EOS]: 0.9 } });
    assert.deepEqual(await greedySearch(scorer, [BOS, 5], settings()), [BOS, 5, 3, 4, EOS]);
    assert.deepEqual(scorer.fed, [[[BOS, 5]], [[3]], [[4]]]);
  });

  it('stops at maxLength, which counts the start token and the prompt', async () => {
    const scorer = new ScriptedScorer({}, { 7: 0.9 });
    assert.deepEqual(await greedySearch(scorer, [BOS, 5], settings({ maxLength: 5 })), [BOS, 5, 7, 7, 7]);
  });

  it('suppresses the end token until minLength, and penalises repeats including the prompt', async () => {
    const scorer = new ScriptedScorer({}, { [EOS]: 0.5, 5: 0.3, 6: 0.2 });
    assert.deepEqual(await greedySearch(scorer, [BOS], settings({ minLength: 3, maxLength: 10 })), [BOS, 5, 5, EOS]);
    // Scores are log .3 and log .2; doubled when seen: 5 (in the prompt) loses to 6, then 6 (seen) to 5.
    const penalised = new ScriptedScorer({}, { 5: 0.3, 6: 0.2 });
    assert.deepEqual(await greedySearch(penalised, [BOS, 5], settings({ maxLength: 4, repetitionPenalty: 2 })), [BOS, 5, 6, 5]);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(greedySearch(new ScriptedScorer({}), [BOS], settings(), controller.signal), { name: 'AbortError' });
  });
});

describe('beam search', () => {
  it('finds a better sequence than greedy', async () => {
    const table = { '9': { 1: 0.5, 2: 0.4, [EOS]: 0.1 }, '9,1': { [EOS]: 0.3, 3: 0.3, 1: 0.2, 2: 0.2 }, '9,2': { [EOS]: 0.9, 3: 0.1 } };
    assert.deepEqual(await generate(new ScriptedScorer(table), [BOS], settings({ maxLength: 4 })), [BOS, 1, EOS]);
    assert.deepEqual(await generate(new ScriptedScorer(table), [BOS], settings({ numBeams: 2, maxLength: 4 })), [BOS, 2, EOS]);
  });

  it('scores finished hypotheses by sum / length ** lengthPenalty', async () => {
    const table = { '9': { [EOS]: 0.55, 1: 0.45 }, '9,1': { [EOS]: 0.9, 1: 0.1 } };
    // Sums: [eos] log .55 = -0.60, [1, eos] log .405 = -0.90; per token: -0.60 vs -0.45.
    assert.deepEqual(await beamSearch(new ScriptedScorer(table), [BOS], settings({ numBeams: 2, lengthPenalty: 0 })), [BOS, EOS]);
    assert.deepEqual(await beamSearch(new ScriptedScorer(table), [BOS], settings({ numBeams: 2, lengthPenalty: 1 })), [BOS, 1, EOS]);
  });

  it('early stopping: true stops with numBeams finished, false goes on while a running beam could still win', async () => {
    const table = { '9': { [EOS]: 0.5, 1: 0.3, 2: 0.2 }, '9,1': { 3: 0.7, [EOS]: 0.3 }, '9,2': { [EOS]: 0.99 } };
    const run = (earlyStopping: boolean | 'never') =>
      beamSearch(new ScriptedScorer(table), [BOS], settings({ numBeams: 2, maxLength: 6, earlyStopping }));
    assert.deepEqual(await run(true), [BOS, EOS]);
    assert.deepEqual(await run(false), [BOS, 1, 3, EOS]);
  });

  it("early stopping 'never' judges running beams at maxLength, where the current-length heuristic gives up", async () => {
    const table = { '9': { [EOS]: 0.5, 1: 0.3, 2: 0.2 }, '9,1': { 3: 0.5, [EOS]: 0.5 }, '9,2': { [EOS]: 0.99 } };
    const run = (earlyStopping: boolean | 'never') =>
      beamSearch(new ScriptedScorer(table), [BOS], settings({ numBeams: 2, maxLength: 5, earlyStopping }));
    assert.deepEqual(await run(false), [BOS, EOS]);
    assert.deepEqual(await run('never'), [BOS, 1, 3, EOS]);
  });

  it('returns a hypothesis cut at maxLength when no end token is likely', async () => {
    const ids = await beamSearch(new ScriptedScorer({}, { 4: 0.6, 5: 0.4 }), [BOS, 7], settings({ numBeams: 3, maxLength: 6 }));
    assert.deepEqual(ids, [BOS, 7, 4, 4, 4, 4]);
  });

  it('suppresses the end token before minLength', async () => {
    const ids = await beamSearch(new ScriptedScorer({}, { [EOS]: 0.9, 4: 0.1 }), [BOS], settings({ numBeams: 2, minLength: 3 }));
    assert.deepEqual(ids, [BOS, 4, 4, EOS]);
  });
});

describe('caption clean-up', () => {
  it('strips the prompt and "a picture of" openings, trims and capitalises', () => {
    assert.equal(cleanCaption('a picture of a dog on the beach', { prompt: 'a picture of' }), 'A dog on the beach');
    assert.equal(cleanCaption('  an image of   two cats  '), 'Two cats');
    assert.equal(cleanCaption('a photo of a picture of a cat'), 'A cat');
    assert.equal(cleanCaption('apple on a table', { prompt: 'a' }), 'Apple on a table');
    assert.equal(cleanCaption('this is a dog', { prompt: 'this is' }), 'A dog');
  });

  it('adds a trailing full stop only when asked, and leaves an empty caption empty', () => {
    assert.equal(cleanCaption('a dog', { trailingPeriod: true }), 'A dog.');
    assert.equal(cleanCaption('a dog?', { trailingPeriod: true }), 'A dog?');
    assert.equal(cleanCaption('a dog'), 'A dog');
    assert.equal(cleanCaption('a picture of', { prompt: 'a picture of', trailingPeriod: true }), '');
  });
});
