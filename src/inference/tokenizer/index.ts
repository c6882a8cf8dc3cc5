import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';

/** The BERT WordPiece tokenizer of a BLIP checkpoint. */
export interface BlipTokenizer {
  /** Token ids with the post-processor's special tokens, `[CLS] ... [SEP]` for BLIP. */
  encode(text: string): number[];
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
    encode: (text) => tokenizer.encode(text).ids,
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
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new TokenizerError(`${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('not an object');
    return json;
  } catch {
    throw new TokenizerError(`${file} is not a valid JSON object: the file is corrupt`);
  }
}
