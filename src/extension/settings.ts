import type { AltState } from '../markdown/types';
import type { Precision } from '../inference/types';
import { DEFAULT_MAX_CHARACTERS } from '../inference/generation/cleanCaption';

/** The extension's settings, read once per use and validated, so the rest of the code trusts them. */
export interface Settings {
  model: ModelSettings;
  caption: CaptionOptions;
  style: CaptionStyle;
  findings: FindingSettings;
  files: FileSelection;
  siteRoots: string[];
  /** JSX elements that render an image in MDX; empty means the project configuration's, else img, Image, ThemedImage. */
  mdxComponents: string[];
  /** Images outside the workspace folders may be read (off by default: a document cannot make the extension read arbitrary files). */
  allowImagesOutsideWorkspace: boolean;
  remoteImages: RemoteImageSettings;
  /** For automated tests only (not contributed): apply every proposal of the workspace fix without review. */
  autoAcceptReview: boolean;
}

export interface ModelSettings {
  /** A folder with a Hugging Face checkpoint or a converted pack; when set, nothing is downloaded. */
  localFolder: string | undefined;
  repo: string;
  revision: string;
  precision: Precision;
}

export interface CaptionOptions {
  prompt: string;
  numBeams: number;
  maxLength: number;
  /** Read the text of screenshots and diagrams and quote it after the caption. */
  readText: boolean;
}

export interface CaptionStyle {
  capitalize: boolean;
  trailingPeriod: boolean;
  /** The longest alt text in characters; longer captions are shortened. */
  maxCharacters: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface FindingSettings {
  /** Which alt states get a diagnostic and a fix. */
  states: AltState[];
  /** An empty Markdown alt (`![](x)`) is read as decorative instead of missing. */
  emptyMarkdownAltIsDecorative: boolean;
  severity: Severity;
}

export interface FileSelection {
  include: string[];
  exclude: string[];
}

export type RemotePolicy = 'never' | 'ask' | 'always';

export interface RemoteImageSettings {
  policy: RemotePolicy;
  maxBytes: number;
  /** The whole fetch of one image, redirects included. */
  deadlineMs: number;
  /** Longest silence from the server before the fetch is dropped. */
  idleTimeoutMs: number;
}

/** Reads one setting below `localAltText.`; undefined when unset. */
export type SettingReader = (key: string) => unknown;

export const DEFAULT_REPO = 'Salesforce/blip-image-captioning-base';
const FINDING_STATES: readonly AltState[] = ['missing', 'empty', 'placeholder'];
const PRECISIONS: readonly Precision[] = ['fp32', 'int8', 'q4'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
const REMOTE_POLICIES: readonly RemotePolicy[] = ['never', 'ask', 'always'];

export const DEFAULT_INCLUDE = ['**/*.{md,markdown,qmd,mdx,html,htm,adoc,asciidoc}'];
export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**'];

/**
 * Turns raw configuration values into `Settings`. A value of the wrong type or out of range falls
 * back to the default rather than failing: a typo in settings.json must not switch the extension off.
 */
export function settingsFrom(read: SettingReader): Settings {
  const localFolder = stringSetting(read('model.localFolder'), '').trim();
  return {
    model: {
      localFolder: localFolder || undefined,
      repo: stringSetting(read('model.repo'), DEFAULT_REPO).trim() || DEFAULT_REPO,
      revision: stringSetting(read('model.revision'), 'main').trim() || 'main',
      precision: oneOf(read('model.precision'), PRECISIONS, 'fp32'),
    },
    caption: {
      prompt: stringSetting(read('caption.prompt'), ''),
      numBeams: integerSetting(read('caption.numBeams'), 3, 1, 8),
      maxLength: integerSetting(read('caption.maxLength'), 30, 5, 100),
      readText: booleanSetting(read('caption.readText'), true),
    },
    style: {
      capitalize: booleanSetting(read('style.capitalize'), true),
      trailingPeriod: booleanSetting(read('style.trailingPeriod'), false),
      maxCharacters: integerSetting(read('style.maxCharacters'), DEFAULT_MAX_CHARACTERS, 20, 1000),
    },
    findings: {
      states: stateList(read('findings.altStates')),
      emptyMarkdownAltIsDecorative: booleanSetting(read('findings.emptyMarkdownAltIsDecorative'), false),
      severity: oneOf(read('findings.severity'), SEVERITIES, 'warning'),
    },
    files: {
      include: globList(read('files.include'), DEFAULT_INCLUDE),
      exclude: globList(read('files.exclude'), DEFAULT_EXCLUDE),
    },
    siteRoots: globList(read('siteRoots'), []),
    mdxComponents: globList(read('mdx.components'), []),
    allowImagesOutsideWorkspace: booleanSetting(read('files.allowImagesOutsideWorkspace'), false),
    remoteImages: {
      policy: oneOf(read('remoteImages.fetch'), REMOTE_POLICIES, 'never'),
      maxBytes: Math.round(numberSetting(read('remoteImages.maxSizeMB'), 10, 0.01, 200) * 1024 * 1024),
      deadlineMs: Math.round(numberSetting(read('remoteImages.timeoutSeconds'), 10, 1, 120) * 1000),
      idleTimeoutMs: Math.round(numberSetting(read('remoteImages.idleTimeoutSeconds'), 5, 1, 60) * 1000),
    },
    autoAcceptReview: booleanSetting(read('test.autoAcceptReview'), false),
  };
}

/** The part of the settings a cached caption depends on; style is applied after the cache. */
export function captionOptionsKey(options: Pick<CaptionOptions, 'prompt' | 'numBeams' | 'maxLength'>): string {
  return JSON.stringify([options.prompt, options.numBeams, options.maxLength]);
}

function stringSetting(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function booleanSetting(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function numberSetting(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}

function integerSetting(value: unknown, fallback: number, min: number, max: number): number {
  return Number.isInteger(value) ? numberSetting(value, fallback, min, max) : fallback;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function globList(value: unknown, fallback: string[]): string[] {
  if (!Array.isArray(value)) return fallback;
  return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

function stateList(value: unknown): AltState[] {
  if (!Array.isArray(value)) return ['missing', 'placeholder'];
  return [...new Set(value.filter((v): v is AltState => FINDING_STATES.includes(v as AltState)))];
}
