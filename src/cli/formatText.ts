import { isFinding } from '../markdown';
import { relativeToCwd, type CheckResult } from './checkDocuments';
import { findingMessage } from './findingMessage';

/** One line per finding, `file:line:column  message`, then a summary, as linters print. */
export function formatText(result: CheckResult, cwd: string): string {
  const findings = result.images.filter((image) => isFinding(image.ref));
  const lines = findings.map(({ file, ref, start }) => `${relativeToCwd(file, cwd)}:${start.line}:${start.column}  ${findingMessage(ref)}`);
  const missing = findings.filter((f) => f.ref.altState === 'missing').length;
  const images = `${plural(result.images.length, 'image')} in ${plural(result.files, 'file')}`;
  lines.push(
    findings.length === 0
      ? `No missing or placeholder alt text (${images}).`
      : `${plural(findings.length, 'problem')} (${missing} missing, ${findings.length - missing} placeholder) among ${images}.`,
  );
  return lines.join('\n') + '\n';
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
