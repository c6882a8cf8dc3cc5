import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseYaml } from 'yaml';
import { parseRuleSettings, type RuleSettings } from '../../rules/config';
import { isMatchThreshold } from '../../rules/mismatchedAlt';
import type { DocumentKind } from '../types';

/** The project configuration's file names, in the order they are looked for in each folder. */
export const PROJECT_CONFIG_NAMES = ['.localalttext.jsonc', '.localalttext.json', '.localalttext.yaml', '.localalttext.yml'];

/** The project configuration as read, with paths made absolute against its folder. */
export interface ProjectConfig {
  file: string;
  /** Folders for root-relative sources (`/img/a.png`), tried before the site's own. */
  siteRoots: string[];
  /** Globs relative to the configuration's folder. */
  include: string[];
  exclude: string[];
  /** `none` turns off reading the site generator's configuration. */
  generator: 'auto' | 'none';
  /** Which parser files matching a glob (relative to the configuration's folder) go through. */
  dialects: Array<{ glob: string; kind: DocumentKind }>;
  /** JSX elements that render an image in MDX. */
  mdxComponents?: string[];
  findings: {
    extraPlaceholders?: string[];
    emptyMarkdownAltIsDecorative?: boolean;
  };
  /** Each rule's level and options (`"redundant-prefix": "off"`), over the defaults. */
  rules?: RuleSettings;
  /** `check --verify-alt`: the probability of match below which alt text is reported. */
  verifyAlt: { threshold?: number };
}

/** A project configuration that cannot be used; the message names the file and the setting. */
export class ProjectConfigError extends Error {
  override name = 'ProjectConfigError';
}

const KINDS: readonly DocumentKind[] = ['markdown', 'mdx', 'html', 'asciidoc'];
const KEYS = new Set(['$schema', 'siteRoots', 'include', 'exclude', 'generator', 'dialects', 'mdx', 'findings', 'rules', 'verifyAlt']);

/**
 * The nearest project configuration at or above `folder` (as markdownlint-cli2 finds its own),
 * up to `stopAt` when given, else to the file system's root.
 */
export function findProjectConfig(folder: string, stopAt?: string): string | undefined {
  const stop = stopAt && path.resolve(stopAt);
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    for (const name of PROJECT_CONFIG_NAMES) {
      const file = path.join(dir, name);
      try {
        if (fs.statSync(file).isFile()) return file;
      } catch {
        // not here
      }
    }
    if (dir === stop || path.dirname(dir) === dir) return undefined;
  }
}

/** Reads and checks a project configuration; throws ProjectConfigError naming what is wrong. */
export function loadProjectConfig(file: string): ProjectConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProjectConfigError(`${file}: cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseProjectConfig(text, file);
}

export function parseProjectConfig(text: string, file: string): ProjectConfig {
  const data = /\.ya?ml$/i.test(file) ? readYaml(text, file) : readJsonc(text, file);
  if (data === undefined || data === null) return checked({}, file);
  if (typeof data !== 'object' || Array.isArray(data)) throw new ProjectConfigError(`${file}: must hold an object of settings`);
  return checked(data as Record<string, unknown>, file);
}

function readJsonc(text: string, file: string): unknown {
  const errors: ParseError[] = [];
  const data: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) {
    const { error, offset } = errors[0];
    const line = text.slice(0, offset).split('\n').length;
    throw new ProjectConfigError(`${file}:${line}: not valid JSON with comments (${printParseErrorCode(error)})`);
  }
  return data;
}

function readYaml(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new ProjectConfigError(`${file}: not valid YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
}

function checked(data: Record<string, unknown>, file: string): ProjectConfig {
  const folder = path.dirname(path.resolve(file));
  const fail = (message: string): never => {
    throw new ProjectConfigError(`${file}: ${message}`);
  };
  for (const key of Object.keys(data))
    if (!KEYS.has(key)) fail(`unknown setting "${key}" (known: ${[...KEYS].filter((k) => k !== '$schema').join(', ')})`);
  const strings = (value: unknown, name: string): string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !v.trim()))
      fail(`"${name}" must be a list of non-empty strings`);
    return value as string[];
  };
  const generator = data.generator ?? 'auto';
  if (generator !== 'auto' && generator !== 'none') fail(`"generator" must be "auto" or "none", not ${JSON.stringify(generator)}`);
  const dialects: ProjectConfig['dialects'] = [];
  if (data.dialects !== undefined) {
    if (!data.dialects || typeof data.dialects !== 'object' || Array.isArray(data.dialects))
      fail('"dialects" must map globs to markdown, mdx, html or asciidoc');
    for (const [glob, kind] of Object.entries(data.dialects as Record<string, unknown>)) {
      if (!KINDS.includes(kind as DocumentKind))
        fail(`"dialects" entry "${glob}" must be one of ${KINDS.join(', ')}, not ${JSON.stringify(kind)}`);
      dialects.push({ glob, kind: kind as DocumentKind });
    }
  }
  let mdxComponents: string[] | undefined;
  if (data.mdx !== undefined) {
    const mdx = data.mdx as Record<string, unknown>;
    if (!mdx || typeof mdx !== 'object' || Array.isArray(mdx)) fail('"mdx" must be an object such as { "components": ["img", "Image"] }');
    for (const key of Object.keys(mdx)) if (key !== 'components') fail(`unknown setting "mdx.${key}"`);
    mdxComponents = mdx.components === undefined ? undefined : strings(mdx.components, 'mdx.components');
  }
  const findings: ProjectConfig['findings'] = {};
  if (data.findings !== undefined) {
    const f = data.findings as Record<string, unknown>;
    if (!f || typeof f !== 'object' || Array.isArray(f)) fail('"findings" must be an object');
    for (const key of Object.keys(f))
      if (!['extraPlaceholders', 'emptyMarkdownAltIsDecorative'].includes(key)) fail(`unknown setting "findings.${key}"`);
    if (f.extraPlaceholders !== undefined) findings.extraPlaceholders = strings(f.extraPlaceholders, 'findings.extraPlaceholders');
    if (f.emptyMarkdownAltIsDecorative !== undefined) {
      if (typeof f.emptyMarkdownAltIsDecorative !== 'boolean') fail('"findings.emptyMarkdownAltIsDecorative" must be true or false');
      findings.emptyMarkdownAltIsDecorative = f.emptyMarkdownAltIsDecorative as boolean;
    }
  }
  let rules: RuleSettings | undefined;
  if (data.rules !== undefined) {
    try {
      rules = parseRuleSettings(data.rules);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  }
  const verifyAlt: ProjectConfig['verifyAlt'] = {};
  if (data.verifyAlt !== undefined) {
    const v = data.verifyAlt as Record<string, unknown>;
    if (!v || typeof v !== 'object' || Array.isArray(v)) fail('"verifyAlt" must be an object such as { "threshold": 0.3 }');
    for (const key of Object.keys(v)) if (key !== 'threshold') fail(`unknown setting "verifyAlt.${key}"`);
    if (v.threshold !== undefined) {
      const t = v.threshold;
      if (!isMatchThreshold(t)) fail(`"verifyAlt.threshold" must be a probability from 0 to 1, not ${JSON.stringify(t)}`);
      verifyAlt.threshold = t as number;
    }
  }
  return {
    file: path.resolve(file),
    siteRoots: strings(data.siteRoots, 'siteRoots').map((root) => path.resolve(folder, root)),
    include: strings(data.include, 'include'),
    exclude: strings(data.exclude, 'exclude'),
    generator: generator as ProjectConfig['generator'],
    dialects,
    mdxComponents,
    findings,
    rules,
    verifyAlt,
  };
}
