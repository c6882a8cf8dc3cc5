import type { AltState } from '../markdown/types';
import type { Precision } from '../inference/types';
import { RULE_LEVELS, type RuleSettings } from '../rules/config';
import { DEFAULT_MATCH_THRESHOLD } from '../rules/mismatchedAlt';
import { RULE_IDS, type RuleId, type RuleLevel } from '../rules/types';
import { DEFAULT_STYLE, FIX_DECODING_DEFAULTS, PRECISIONS, type CaptionRequest, type CaptionStyle } from '../inference/generation/request';

export type { CaptionStyle };

/** The extension's settings, read once per use and validated, so the rest of the code trusts them. */
export interface Settings {
  model: ModelSettings;
  caption: CaptionOptions;
  style: CaptionStyle;
  findings: FindingSettings;
  /**
   * The rules as the settings set them: only what is set (per-rule settings, and the 0.1.0 findings
   * settings under them), so that the project configuration's `rules` apply to the rest.
   */
  rules: RuleSettings;
  files: FileSelection;
  siteRoots: string[];
  /** JSX elements that render an image in MDX; empty means the project configuration's, else img, Image, ThemedImage. */
  mdxComponents: string[];
  /** Images outside the workspace folders may be read (off by default: a document cannot make the extension read arbitrary files). */
  allowImagesOutsideWorkspace: boolean;
  remoteImages: RemoteImageSettings;
  verifyAlt: VerifyAltSettings;
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

/** Checking existing alt text against its image with BLIP image-text matching (mismatched-alt). */
export interface VerifyAltSettings {
  enabled: boolean;
  /** Below this probability of match the alt text gets a diagnostic. */
  threshold: number;
  /** The matching model: got through the same consent, store and cache as the captioning model. */
  model: Omit<ModelSettings, 'precision'>;
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

/** The setting of a rule's level, `localAltText.rules.<id>`, and of the rules' options. */
export const RULE_SETTING_PREFIX = 'rules.';
const RULE_OPTION_SETTINGS = {
  maxCharacters: 'rules.altTooLong.maxCharacters',
  includeExplicitEmpty: 'rules.emptyAlt.includeExplicitEmpty',
} as const;

export const DEFAULT_REPO = 'Salesforce/blip-image-captioning-base';
export const DEFAULT_MATCH_REPO = 'Salesforce/blip-itm-base-coco';
const FINDING_STATES: readonly AltState[] = ['missing', 'empty', 'placeholder'];
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
const REMOTE_POLICIES: readonly RemotePolicy[] = ['never', 'ask', 'always'];

export const DEFAULT_INCLUDE = ['**/*.{md,markdown,qmd,mdx,html,htm,adoc,asciidoc}'];
export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**'];

/**
 * Turns raw configuration values into `Settings`. A value of the wrong type or out of range falls
 * back to the default rather than failing: a typo in settings.json must not switch the extension off.
 */
export function settingsFrom(read: SettingReader, readSet: SettingReader = read): Settings {
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
      numBeams: integerSetting(read('caption.numBeams'), FIX_DECODING_DEFAULTS.numBeams, 1, 8),
      maxLength: integerSetting(read('caption.maxLength'), FIX_DECODING_DEFAULTS.maxLength, 5, 100),
      readText: booleanSetting(read('caption.readText'), true),
    },
    style: {
      capitalize: booleanSetting(read('style.capitalize'), DEFAULT_STYLE.capitalize),
      trailingPeriod: booleanSetting(read('style.trailingPeriod'), DEFAULT_STYLE.trailingPeriod),
      maxCharacters: integerSetting(read('style.maxCharacters'), DEFAULT_STYLE.maxCharacters, 20, 1000),
    },
    findings: {
      states: stateList(read('findings.altStates')),
      emptyMarkdownAltIsDecorative: booleanSetting(read('findings.emptyMarkdownAltIsDecorative'), false),
      severity: oneOf(read('findings.severity'), SEVERITIES, 'warning'),
    },
    rules: ruleSettingsFrom(readSet),
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
    verifyAlt: {
      enabled: booleanSetting(read('verifyAlt.enabled'), false),
      threshold: numberSetting(read('verifyAlt.threshold'), DEFAULT_MATCH_THRESHOLD, 0, 1),
      model: {
        localFolder: stringSetting(read('verifyAlt.model.localFolder'), '').trim() || undefined,
        repo: stringSetting(read('verifyAlt.model.repo'), DEFAULT_MATCH_REPO).trim() || DEFAULT_MATCH_REPO,
        revision: stringSetting(read('verifyAlt.model.revision'), 'main').trim() || 'main',
      },
    },
    autoAcceptReview: booleanSetting(read('test.autoAcceptReview'), false),
  };
}

/**
 * The rules' levels and options that the writer set. `readSet` gives only values set in user,
 * workspace or folder settings (not the defaults). The 0.1.0 settings come first, so that a
 * per-rule setting wins over them: `findings.severity` sets every rule's severity, and
 * `findings.altStates` turns off the rules of the states it leaves out.
 */
export function ruleSettingsFrom(readSet: SettingReader): RuleSettings {
  const levels: Partial<Record<RuleId, RuleLevel>> = {};
  const options: RuleSettings['options'] = {};
  const legacySeverity = readSet('findings.severity');
  if (SEVERITIES.includes(legacySeverity as Severity)) {
    const level: RuleLevel = legacySeverity === 'error' || legacySeverity === 'warning' ? legacySeverity : 'info';
    for (const id of RULE_IDS) levels[id] = level;
  }
  const legacyStates = readSet('findings.altStates');
  if (Array.isArray(legacyStates)) {
    const states = stateList(legacyStates);
    if (!states.includes('missing')) levels['missing-alt'] = levels['empty-alt'] = 'off';
    if (!states.includes('placeholder')) levels['placeholder-alt'] = levels['filename-alt'] = 'off';
    if (states.includes('empty')) {
      options.includeExplicitEmpty = true;
      // Empty alt text was a finding of its own under this setting, even with "missing" left out.
      if (levels['empty-alt'] === 'off') delete levels['empty-alt'];
    }
  }
  for (const id of RULE_IDS) {
    const level = readSet(`${RULE_SETTING_PREFIX}${id}`);
    if ((RULE_LEVELS as readonly unknown[]).includes(level)) levels[id] = level as RuleLevel;
  }
  const maxCharacters = readSet(RULE_OPTION_SETTINGS.maxCharacters);
  if (Number.isInteger(maxCharacters) && (maxCharacters as number) >= 1) options.maxCharacters = maxCharacters as number;
  const includeExplicitEmpty = readSet(RULE_OPTION_SETTINGS.includeExplicitEmpty);
  if (typeof includeExplicitEmpty === 'boolean') options.includeExplicitEmpty = includeExplicitEmpty;
  return { levels, options };
}

/** What the settings ask of each caption: the caption options and the style. */
export function captionRequestFor(settings: Pick<Settings, 'caption' | 'style'>): CaptionRequest {
  const { prompt, numBeams, maxLength, readText } = settings.caption;
  return { prompt: prompt || undefined, numBeams, maxLength, style: settings.style, readText };
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
