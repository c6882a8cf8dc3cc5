import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { readTextIfPresent } from '../textFile';

/** The BERT WordPiece tokenizer of a BLIP checkpoint. */
export interface BlipTokenizer {
  /**
   * Token ids with the post-processor's special tokens, `[CLS] ... [SEP]` for BLIP. With `maxLength`,
   * truncated as BertTokenizer(truncation=True, max_length) does: `[CLS]`, the first
   * maxLength - 2 pieces, `[SEP]`.
   */
  encode(text: string, options?: { maxLength?: number }): number[];
  /** Text for ids; ids the tokenizer does not know (BLIP's [DEC]/[ENC] above its vocabulary) are dropped. */
  decode(ids: readonly number[], options?: { skipSpecialTokens?: boolean }): string;
  /** One more than the largest id the tokenizer knows. The model's vocabulary may be larger. */
  readonly size: number;
  tokenId(token: string): number | undefined;
}

export class TokenizerError extends Error {
  override name = 'TokenizerError';
}

/** Reads `tokenizer.json` (and `tokenizer_config.json` when present) from a checkpoint folder. */
export async function loadTokenizer(dir: string): Promise<BlipTokenizer> {
  const definition = await readJson(path.join(dir, 'tokenizer.json'), true);
  const config = (await readJson(path.join(dir, 'tokenizer_config.json'), false)) ?? {};
  return createTokenizer(definition, config, path.join(dir, 'tokenizer.json'));
}

/**
 * The tokenizer BERT-based BLIP heads are specified with: BertTokenizer on `vocab.txt` (with
 * `tokenizer_config.json`'s casing and special tokens), as the image-text matching reference runs
 * it; `tokenizer.json` only when the checkpoint has no `vocab.txt`.
 */
export async function loadBertTokenizer(dir: string): Promise<BlipTokenizer> {
  const vocabFile = path.join(dir, 'vocab.txt');
  const vocab = await readTextIfPresent(vocabFile, (reason) => new TokenizerError(`${vocabFile} cannot be read (${reason})`));
  if (vocab === undefined) return loadTokenizer(dir);
  const config = (await readJson(path.join(dir, 'tokenizer_config.json'), false)) ?? {};
  return createTokenizer(bertDefinition(vocab, config, vocabFile), config, vocabFile);
}

/**
 * A tokenizer.json definition equivalent to transformers' slow BertTokenizer: BasicTokenizer
 * (clean-up, CJK split, lower case with accents stripped unless told otherwise, punctuation split)
 * then WordPiece (100 characters at most per word, `##` continuation), `[CLS] A [SEP]`.
 */
export function bertDefinition(vocabText: string, config: Record<string, unknown>, label = 'vocab.txt'): object {
  const vocab: Record<string, number> = {};
  // One token a line (Python's universal newlines); a token listed twice maps to its last line, as
  // BertTokenizer's load_vocab does.
  const lines = vocabText.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, id) => {
    vocab[line] = id;
  });
  const tokenOf = (key: string, fallback: string) => (typeof config[key] === 'string' ? (config[key] as string) : fallback);
  const unk = tokenOf('unk_token', '[UNK]');
  const cls = tokenOf('cls_token', '[CLS]');
  const sep = tokenOf('sep_token', '[SEP]');
  for (const token of [unk, cls, sep]) {
    if (!(token in vocab)) throw new TokenizerError(`${label} has no ${token} token`);
  }
  const special = new Map<string, number>();
  const decoder = config.added_tokens_decoder;
  if (decoder && typeof decoder === 'object') {
    for (const [id, entry] of Object.entries(decoder as Record<string, { content?: unknown }>)) {
      if (typeof entry?.content === 'string' && Number.isInteger(Number(id))) special.set(entry.content, Number(id));
    }
  }
  for (const key of ['unk_token', 'cls_token', 'sep_token', 'pad_token', 'mask_token']) {
    const token = tokenOf(key, '');
    if (token && token in vocab && !special.has(token)) special.set(token, vocab[token]);
  }
  const lowercase = config.do_lower_case ?? true;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [...special].map(([content, id]) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: config.tokenize_chinese_chars ?? true,
      strip_accents: config.strip_accents ?? null,
      lowercase,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: cls, type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: sep, type_id: 0 } }],
      pair: [
        { SpecialToken: { id: cls, type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: sep, type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: sep, type_id: 1 } },
      ],
      special_tokens: { [cls]: { id: cls, ids: [vocab[cls]], tokens: [cls] }, [sep]: { id: sep, ids: [vocab[sep]], tokens: [sep] } },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: unk, continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

export function createTokenizer(definition: unknown, config: Record<string, unknown>, label = 'tokenizer.json'): BlipTokenizer {
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(definition as object, {
      ...config,
      // transformers 5 no longer tidies spaces before punctuation unless the config asks for it;
      // the WordPiece decoder's own clean-up still applies.
      clean_up_tokenization_spaces: config.clean_up_tokenization_spaces ?? false,
    });
  } catch (error) {
    throw new TokenizerError(`${label} cannot be loaded: ${(error as Error).message}`);
  }
  let size = 0;
  for (const id of tokenizer.get_vocab(true).values()) size = Math.max(size, id + 1);
  if (size === 0) throw new TokenizerError(`${label} has an empty vocabulary`);

  return {
    size,
    encode(text, options = {}) {
      const ids = tokenizer.encode(text).ids;
      const max = options.maxLength;
      if (max === undefined || ids.length <= max) return ids;
      if (max < 2) throw new TokenizerError(`a maximum length of ${max} leaves no room for [CLS] and [SEP]`);
      // BERT's template is [CLS] A [SEP]: keep both ends, drop pieces from the end of A.
      return [...ids.slice(0, max - 1), ids[ids.length - 1]];
    },
    decode(ids, options = {}) {
      // The library would spell unknown ids as [UNK]; the reference (the Rust tokenizer) drops them.
      const known = ids.filter((id) => Number.isInteger(id) && id >= 0 && id < size && tokenizer.id_to_token(id) !== undefined);
      return tokenizer.decode(known, { skip_special_tokens: options.skipSpecialTokens ?? false });
    },
    tokenId: (token) => tokenizer.token_to_id(token),
  };
}

async function readJson(file: string, required: true): Promise<unknown>;
async function readJson(file: string, required: false): Promise<Record<string, unknown> | undefined>;
async function readJson(file: string, required: boolean): Promise<unknown> {
  const cannotRead = (reason: string) => new TokenizerError(`${file} cannot be read (${reason})`);
  const text = await readTextIfPresent(file, cannotRead);
  if (text === undefined) {
    if (required) throw cannotRead('ENOENT');
    return undefined;
  }
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object');
    return json;
  } catch {
    throw new TokenizerError(`${file} is not a valid JSON object: the file is corrupt`);
  }
}
