import { RULES } from './catalog';
import { RULE_IDS, type RuleId, type RuleLevel } from './types';

/** Options of the rules that have any. */
export interface RuleOptions {
  /** `alt-too-long`: the longest alt text, in characters, that is not reported. */
  maxCharacters: number;
  /**
   * `empty-alt`: also report an empty alt that the syntax can mean as decorative (HTML and JSX
   * `alt=""`, a quoted empty alt in site syntaxes), not only Markdown `![](x)`.
   */
  includeExplicitEmpty: boolean;
}

/** How every rule is set: its level, and the options of the rules that have them. */
export interface RuleConfig {
  levels: Record<RuleId, RuleLevel>;
  options: RuleOptions;
}

/** A partial configuration as a writer gives it (project file, settings); later layers win. */
export interface RuleSettings {
  levels?: Partial<Record<RuleId, RuleLevel>>;
  options?: Partial<RuleOptions>;
}

export const RULE_LEVELS: readonly RuleLevel[] = ['error', 'warning', 'info', 'off'];

export const DEFAULT_RULE_OPTIONS: RuleOptions = { maxCharacters: 150, includeExplicitEmpty: false };

/** Each rule at its default severity, with the default options. */
export function defaultRuleConfig(): RuleConfig {
  const levels = Object.fromEntries(RULE_IDS.map((id) => [id, RULES[id].defaultSeverity])) as Record<RuleId, RuleLevel>;
  return { levels, options: { ...DEFAULT_RULE_OPTIONS } };
}

/** The defaults with each layer of settings over them, in order (project file, then editor settings). */
export function ruleConfig(...layers: Array<RuleSettings | undefined>): RuleConfig {
  const config = defaultRuleConfig();
  for (const layer of layers) {
    if (!layer) continue;
    for (const [id, level] of Object.entries(layer.levels ?? {}) as Array<[RuleId, RuleLevel | undefined]>)
      if (level !== undefined) config.levels[id] = level;
    for (const [key, value] of Object.entries(layer.options ?? {}) as Array<[keyof RuleOptions, never]>)
      if (value !== undefined) config.options[key] = value;
  }
  return config;
}

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

/** The options each rule takes in a configuration file, with how to check a value. */
const OPTION_SPECS: Partial<Record<RuleId, Record<string, { key: keyof RuleOptions; check: (value: unknown) => string | undefined }>>> = {
  'alt-too-long': {
    maxCharacters: {
      key: 'maxCharacters',
      check: (v) => (Number.isInteger(v) && (v as number) >= 1 ? undefined : 'must be a whole number of characters, 1 or more'),
    },
  },
  'empty-alt': {
    includeExplicitEmpty: { key: 'includeExplicitEmpty', check: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false') },
  },
};

/**
 * Reads a `rules` object as the project configuration writes it: each rule id maps to a level
 * (`"error"`, `"warning"`, `"info"`, `"off"`) or to an object with `severity` and the rule's options,
 * as in `{ "alt-too-long": { "severity": "warning", "maxCharacters": 200 } }`. Throws an Error whose
 * message names the setting that is wrong; the caller adds the file.
 */
export function parseRuleSettings(value: unknown, where = 'rules'): RuleSettings {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`"${where}" must map rule ids to ${RULE_LEVELS.join(', ')} (or to an object with "severity")`);
  const settings: RuleSettings = { levels: {}, options: {} };
  for (const [id, entry] of Object.entries(value as Record<string, unknown>)) {
    if (!isRuleId(id)) throw new Error(`unknown rule "${where}.${id}" (known: ${RULE_IDS.join(', ')})`);
    const name = `${where}.${id}`;
    if (typeof entry === 'string') {
      settings.levels![id] = levelOf(entry, name);
      continue;
    }
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      throw new Error(`"${name}" must be one of ${RULE_LEVELS.join(', ')}, or an object with "severity"`);
    const specs = OPTION_SPECS[id] ?? {};
    for (const [key, option] of Object.entries(entry as Record<string, unknown>)) {
      if (key === 'severity') {
        settings.levels![id] = levelOf(option, `${name}.severity`);
        continue;
      }
      const spec = specs[key];
      if (!spec) {
        const known = ['severity', ...Object.keys(specs)].join(', ');
        throw new Error(`unknown setting "${name}.${key}" (known: ${known})`);
      }
      const problem = spec.check(option);
      if (problem) throw new Error(`"${name}.${key}" ${problem}, not ${JSON.stringify(option)}`);
      (settings.options as Record<string, unknown>)[spec.key] = option;
    }
  }
  return settings;
}

function levelOf(value: unknown, name: string): RuleLevel {
  if (typeof value === 'string' && (RULE_LEVELS as readonly string[]).includes(value)) return value as RuleLevel;
  throw new Error(`"${name}" must be one of ${RULE_LEVELS.join(', ')}, not ${JSON.stringify(value)}`);
}
