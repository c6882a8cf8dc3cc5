import type { GenerationOptions } from '../types';

export { PRECISIONS } from '../types';

/** How a caption reads as alt text: the writer's style, applied after the model (styleCaption). */
export interface CaptionStyle {
  /** Upper-case the first letter; otherwise the caption starts as the model wrote it. */
  capitalize: boolean;
  /** End with a full stop (true) or without one (false); '?', '!' and '...' are kept either way. */
  trailingPeriod: boolean;
  /** The longest alt text in characters; longer captions are shortened (fitCaption). */
  maxCharacters: number;
}

/**
 * One caption asked of the captioner, as settings or flags chose it: how to decode (anything left
 * out comes from the checkpoint's generation_config.json, then Hugging Face's defaults) and how
 * the alt text should read. The editor's settings and the CLI's flags both end up here, and it
 * travels as it is to the worker thread.
 */
export interface CaptionRequest extends GenerationOptions {
  /** Missing fields take DEFAULT_STYLE's. */
  style?: Partial<CaptionStyle>;
  /**
   * Also read the short visible text of an image that looks like a screenshot or a diagram, and
   * quote it after the caption within the style's budget (styleAltText). Not decoding: the caption
   * itself does not depend on it.
   */
  readText?: boolean;
}

/** The alt-text budget when none is chosen: long enough for BLIP's captions, short enough to read aloud. */
export const DEFAULT_MAX_CHARACTERS = 150;

export const DEFAULT_STYLE: CaptionStyle = { capitalize: true, trailingPeriod: false, maxCharacters: DEFAULT_MAX_CHARACTERS };

/**
 * The decoding the writer-facing fixes use when nothing else is chosen: the editor's settings
 * default to it and `local-alt-text fix` applies it, so both write the same alt text. (`caption`
 * reproduces Hugging Face's generate() and leaves decoding to the checkpoint.)
 */
export const FIX_DECODING_DEFAULTS = { numBeams: 3, maxLength: 30 } as const;

/** The request's style with the defaults filled in. */
export function styleOf(request: CaptionRequest | undefined): CaptionStyle {
  return { ...DEFAULT_STYLE, ...definedOnly(request?.style ?? {}) };
}

/** The decoding part of a request, without the style and without unset fields. */
export function decodingOf(request: CaptionRequest | undefined): GenerationOptions {
  if (!request) return {};
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { style, readText, ...generation } = request;
  return definedOnly(generation);
}

/**
 * What a cached caption depends on besides the image and the model: the decoding, never the
 * style (styling a cached caption costs no inference). Versioned: captions cached before the
 * cache held unstyled text are not reused.
 */
export function decodingKey(request: CaptionRequest | undefined): string {
  const g = decodingOf(request);
  return JSON.stringify([
    2,
    g.prompt ?? '',
    g.numBeams ?? null,
    g.maxLength ?? null,
    g.minLength ?? null,
    g.repetitionPenalty ?? null,
    g.lengthPenalty ?? null,
    g.earlyStopping ?? null,
  ]);
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
