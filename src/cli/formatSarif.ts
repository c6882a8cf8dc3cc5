import { pathToFileURL } from 'node:url';
import { isFinding } from '../markdown';
import { relativeToCwd, type CheckResult } from './checkDocuments';
import { findingMessage, ruleIdFor } from './findingMessage';

const RULES = [
  {
    id: 'missing-alt-text',
    shortDescription: { text: 'Image without alt text' },
    fullDescription: { text: 'The image has no alt text, so screen reader users learn nothing about it.' },
    defaultConfiguration: { level: 'error' },
  },
  {
    id: 'placeholder-alt-text',
    shortDescription: { text: 'Image with placeholder alt text' },
    fullDescription: { text: 'The alt text is a file name, a generic word or a camera name, and says nothing about the image.' },
    defaultConfiguration: { level: 'warning' },
  },
];

/** SARIF 2.1.0, as code scanning services read it; findings only. Paths are relative to cwd. */
export function formatSarif(result: CheckResult, cwd: string): string {
  const findings = result.images.filter((image) => isFinding(image.ref));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'local-alt-text', rules: RULES } },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd).href.replace(/\/?$/, '/') } },
        columnKind: 'utf16CodeUnits',
        results: findings.map(({ file, ref, start, end }) => ({
          ruleId: ruleIdFor(ref),
          ruleIndex: RULES.findIndex((rule) => rule.id === ruleIdFor(ref)),
          level: ref.altState === 'placeholder' ? 'warning' : 'error',
          message: { text: findingMessage(ref) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(relativeToCwd(file, cwd)), uriBaseId: 'SRCROOT' },
                region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
