import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_IDS, RULES, ruleHelpUrl, type Problem, type ProblemSeverity, type RuleId } from '../rules';
import type { CheckedImage, CheckResult } from './checkDocuments';
import { problemsOf } from './findingMessage';
import { findRepositoryRoot } from '../fix/gitignore';
import { PROJECT_URL, TOOL } from './project';

/** The base that result locations are relative to, as GitHub code scanning expects it. */
const SRCROOT = '%SRCROOT%';
/** The name of our own fingerprint; the version changes if what it hashes ever does. */
const FINGERPRINT = 'altTextFinding/v1';

const WCAG_UNDERSTANDING: Record<string, { title: string; slug: string }> = {
  '1.1.1': { title: 'Non-text Content', slug: 'non-text-content' },
  '2.4.4': { title: 'Link Purpose (In Context)', slug: 'link-purpose-in-context' },
  '4.1.2': { title: 'Name, Role, Value', slug: 'name-role-value' },
};

// The rules whose fix is new alt text written from the picture, which `fix` and the editor offer.
const CAPTION_FIXES: ReadonlySet<RuleId> = new Set(['missing-alt', 'empty-alt', 'placeholder-alt', 'filename-alt']);

const FIX_HELP = [
  '`local-alt-text fix PATH --model hub:Salesforce/blip-image-captioning-base` captions the images on',
  'this machine and writes the captions as alt text (review them: a caption is a start, not the last',
  'word); in VS Code, the Local Alt Text extension offers "Generate alt text" on each image.',
].join('\n');

// Existing alt text that matching doubts: `fix` leaves it alone, so the way out is a person's look.
const MISMATCH_HELP = [
  "Look at the image and its alt text together; the score is a model's judgement, and a correct alt",
  "text about what the image is for (a diagram's meaning, a screenshot's setting) can score low.",
  '`local-alt-text fix` does not rewrite existing alt text; in VS Code, the Local Alt Text extension',
  'offers "Replace with generated alt text" on it.',
].join('\n');

const SARIF_LEVELS: Record<ProblemSeverity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };
// GitHub code scanning's own severities for a rule's alerts.
const GITHUB_SEVERITIES: Record<ProblemSeverity, string> = { error: 'error', warning: 'warning', info: 'recommendation' };

/** SARIF's description of a rule, from the rules' catalog: what, why, how to fix, where to read more. */
function reportingDescriptor(id: RuleId) {
  const rule = RULES[id];
  const criteria = rule.wcag.map((sc) => ({ sc, ...WCAG_UNDERSTANDING[sc] }));
  const cited = `WCAG 2.2: ${criteria.map((c) => `${c.sc} ${c.title}`).join('; ')}.`;
  const linked = `WCAG 2.2: ${criteria.map((c) => `[${c.sc} ${c.title}](https://www.w3.org/WAI/WCAG22/Understanding/${c.slug}.html)`).join('; ')}.`;
  const fix = CAPTION_FIXES.has(id) ? `\n\n${FIX_HELP}` : id === 'mismatched-alt' ? `\n\n${MISMATCH_HELP}` : '';
  const setting = `"rules": { "${id}": "off" }`;
  const more = (written: string): string => `Turn it off or change its severity with ${written} in .localalttext.jsonc.`;
  return {
    id,
    name: rule.name,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.description.replace(/`/g, '') },
    help: {
      text: `${rule.description.replace(/`/g, '')}\n\n${cited}${fix.replace(/`/g, '')}\n\n${more(setting)}`,
      markdown: `${rule.description}\n\n${linked}${fix}\n\n${more(`\`${setting}\``)}`,
    },
    helpUri: ruleHelpUrl(id),
    defaultConfiguration: { level: SARIF_LEVELS[rule.defaultSeverity] },
    properties: {
      tags: ['accessibility', ...rule.wcag.map((sc) => `wcag-${sc}`)],
      precision: rule.precision,
      'problem.severity': GITHUB_SEVERITIES[rule.defaultSeverity],
    },
  };
}

const SARIF_RULES = RULE_IDS.map(reportingDescriptor);

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: one result per problem, under its rule's id. Locations are relative to the root of
 * the git repository around `cwd` (`%SRCROOT%`; the current folder outside a repository), so that
 * they name the same files wherever in the repository the check ran.
 */
export function formatSarif(result: CheckResult, cwd: string): string {
  const root = findRepositoryRoot(cwd) ?? cwd;
  const findings = problemsOf(result.images);
  const fingerprints = fingerprintsOf(findings, root);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL.name,
            version: TOOL.version,
            semanticVersion: TOOL.version,
            informationUri: PROJECT_URL,
            rules: SARIF_RULES,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(root).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results: findings.map(({ image, problem }, i) => {
          const { start, end } = image;
          return {
            ruleId: problem.rule,
            ruleIndex: RULE_IDS.indexOf(problem.rule),
            level: SARIF_LEVELS[problem.severity],
            message: { text: problem.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: artifactLocation(image.file, root),
                  region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
                },
              },
            ],
            partialFingerprints: { [FINGERPRINT]: fingerprints[i] },
          };
        }),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** A file inside the root as a relative URI against %SRCROOT%; one outside it as an absolute file URI. */
function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
  const relative = path.relative(root, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(file).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/**
 * A fingerprint per finding that stays the same while the image stays the same, wherever it moves
 * in its file: the repository-relative path, the syntax, the source and the alt text as written, and
 * which of the identical images in that file it is (the first, the second...). Lines and columns are
 * left out on purpose: editing text above an image must not make code scanning see a new alert.
 */
function fingerprintsOf(findings: Array<{ image: CheckedImage; problem: Problem }>, root: string): string[] {
  const seen = new Map<string, number>();
  return findings.map(({ image: { file, ref }, problem }) => {
    const identity = [path.relative(root, file).split(path.sep).join('/'), problem.rule, ref.syntax, ref.src, ref.alt ?? '\u0000none'].join(
      '\u0000',
    );
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return createHash('sha256').update(`${identity}\u0000${occurrence}`).digest('hex').slice(0, 32);
  });
}
