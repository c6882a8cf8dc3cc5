import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isFinding } from '../markdown';
import type { CheckedImage, CheckResult } from './checkDocuments';
import { findingMessage, ruleIdFor } from './findingMessage';
import { findRepositoryRoot } from '../fix/gitignore';
import { docsUrl, PROJECT_URL, TOOL } from './project';

/** The base that result locations are relative to, as GitHub code scanning expects it. */
const SRCROOT = '%SRCROOT%';
/** The name of our own fingerprint; the version changes if what it hashes ever does. */
const FINGERPRINT = 'altTextFinding/v1';

const FIX_HELP = [
  'Write alt text that says what the image shows, or what it is for in the text around it: the',
  'information a reader who cannot see it needs. If the image is only decoration, mark it so: `alt=""`',
  'in HTML and MDX; an empty Markdown alt (`![](…)`) counts as forgotten.',
  '',
  '`local-alt-text fix PATH --model hub:Salesforce/blip-image-captioning-base` captions the images on',
  'this machine and writes the captions as alt text (review them: a caption is a start, not the last',
  'word); in VS Code, the Local Alt Text extension offers "Generate alt text" on each image.',
].join('\n');

const RULES = [
  {
    id: 'missing-alt-text',
    name: 'MissingAltText',
    shortDescription: { text: 'Image without alt text' },
    fullDescription: {
      text: 'The image has no alt text (no alt attribute, or an empty Markdown alt), so screen reader users learn nothing about it and search engines index nothing for it.',
    },
    help: {
      text: `Images need a text alternative (WCAG 2.2, success criterion 1.1.1 Non-text Content).\n\n${FIX_HELP.replace(/`/g, '')}`,
      markdown: `Images need a text alternative ([WCAG 2.2, 1.1.1 Non-text Content](https://www.w3.org/WAI/WCAG22/Understanding/non-text-content.html)).\n\n${FIX_HELP}`,
    },
    helpUri: docsUrl('docs/cli.md', 'missing-alt-text'),
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['accessibility', 'wcag-1.1.1'], precision: 'very-high', 'problem.severity': 'error' },
  },
  {
    id: 'placeholder-alt-text',
    name: 'PlaceholderAltText',
    shortDescription: { text: 'Image with placeholder alt text' },
    fullDescription: {
      text: 'The alt text says nothing about the image: it is the file name, a generic word ("image", "screenshot"), a camera or screenshot file name (IMG_1234), or starts with "picture of", which screen readers already announce.',
    },
    help: {
      text: `Alt text that only repeats the file name or says "image" tells a screen reader user no more than no alt text at all (WCAG 2.2, success criterion 1.1.1 Non-text Content).\n\n${FIX_HELP.replace(/`/g, '')}`,
      markdown: `Alt text that only repeats the file name or says "image" tells a screen reader user no more than no alt text at all ([WCAG 2.2, 1.1.1 Non-text Content](https://www.w3.org/WAI/WCAG22/Understanding/non-text-content.html)).\n\n${FIX_HELP}`,
    },
    helpUri: docsUrl('docs/cli.md', 'placeholder-alt-text'),
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['accessibility', 'wcag-1.1.1'], precision: 'high', 'problem.severity': 'warning' },
  },
  {
    id: 'mismatched-alt',
    name: 'MismatchedAlt',
    shortDescription: { text: 'Alt text that may not describe its image' },
    fullDescription: {
      text: 'BLIP image-text matching, run on this machine (check --verify-alt), gives the alt text a low probability of describing the image: it may have been written for another picture, or the picture was replaced.',
    },
    help: {
      text: `Alt text has to describe the image it is on (WCAG 2.2, success criterion 1.1.1 Non-text Content). Look at the image and its alt text together; the score is a model's judgement, and a correct alt text about what the image is for (a diagram's meaning, a screenshot's setting) can score low. local-alt-text fix does not rewrite existing alt text; in VS Code, the Local Alt Text extension offers "Replace with generated alt text" on it.`,
      markdown: `Alt text has to describe the image it is on ([WCAG 2.2, 1.1.1 Non-text Content](https://www.w3.org/WAI/WCAG22/Understanding/non-text-content.html)). Look at the image and its alt text together; the score is a model's judgement, and a correct alt text about what the image is for (a diagram's meaning, a screenshot's setting) can score low. \`local-alt-text fix\` does not rewrite existing alt text; in VS Code, the Local Alt Text extension offers "Replace with generated alt text" on it.`,
    },
    helpUri: docsUrl('docs/cli.md', 'mismatched-alt'),
    defaultConfiguration: { level: 'warning' },
    properties: { tags: ['accessibility', 'wcag-1.1.1'], precision: 'medium', 'problem.severity': 'warning' },
  },
];

/** One SARIF result: an image, the rule it breaks, how badly and why. */
interface Reported {
  image: CheckedImage;
  ruleId: string;
  level: 'error' | 'warning' | 'note';
  message: string;
}

/**
 * SARIF 2.1.0 as GitHub code scanning reads it; findings only. Locations are relative to the root of
 * the git repository around `cwd` (`%SRCROOT%`; the current folder outside a repository), so that
 * they name the same files wherever in the repository the check ran.
 */
export function formatSarif(result: CheckResult, cwd: string): string {
  const root = findRepositoryRoot(cwd) ?? cwd;
  const reported: Reported[] = [
    ...result.images
      .filter((image) => isFinding(image.ref))
      .map((image): Reported => ({
        image,
        ruleId: ruleIdFor(image.ref),
        level: image.ref.altState === 'placeholder' ? 'warning' : 'error',
        message: findingMessage(image.ref),
      })),
    ...result.images.flatMap((image) =>
      (image.problems ?? []).map((p): Reported => ({
        image,
        ruleId: p.rule,
        level: p.severity === 'info' ? 'note' : p.severity,
        message: p.message,
      })),
    ),
  ];
  const fingerprints = fingerprintsOf(reported, root);
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: TOOL.name, version: TOOL.version, semanticVersion: TOOL.version, informationUri: PROJECT_URL, rules: RULES },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(root).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results: reported.map(({ image, ruleId, level, message }, i) => {
          const { start, end } = image;
          return {
            ruleId,
            ruleIndex: RULES.findIndex((rule) => rule.id === ruleId),
            level,
            message: { text: message },
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
function fingerprintsOf(reported: Reported[], root: string): string[] {
  const seen = new Map<string, number>();
  return reported.map(({ image: { file, ref }, ruleId }) => {
    const identity = [path.relative(root, file).split(path.sep).join('/'), ruleId, ref.syntax, ref.src, ref.alt ?? '\u0000none'].join(
      '\u0000',
    );
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return createHash('sha256').update(`${identity}\u0000${occurrence}`).digest('hex').slice(0, 32);
  });
}
