import { isFinding } from '../markdown';
import { relativeToCwd, type CheckResult } from './checkDocuments';
import { findingMessage } from './findingMessage';

/** One line per finding, `file:line:column  message`, then a summary, as linters print. */
export function formatText(result: CheckResult, cwd: string): string {
  const findings = result.images.filter((image) => isFinding(image.ref));
  const lines = findings.map(({ file, ref, start }) => `${relativeToCwd(file, cwd)}:${start.line}:${start.column}  ${findingMessage(ref)}`);
  // The rules' problems follow, each with its severity and rule id, as linters print them.
  const problems = result.images.flatMap(({ file, ref, start, problems }) =>
    (problems ?? []).map(
      (p) =>
        `${relativeToCwd(file, cwd)}:${start.line}:${start.column}  ${p.severity}  ${p.message}${ref.src ? ` (${ref.src})` : ''}  ${p.rule}`,
    ),
  );
  lines.push(...problems);
  const missing = findings.filter((f) => f.ref.altState === 'missing').length;
  const images = `${plural(result.images.length, 'image')} in ${plural(result.files, 'file')}`;
  lines.push(
    findings.length === 0
      ? `No missing or placeholder alt text (${images}).`
      : `${plural(findings.length, 'problem')} (${missing} missing, ${findings.length - missing} placeholder) among ${images}.`,
  );
  const scored = result.images.filter((image) => image.match && 'itm' in image.match).length;
  if (result.images.some((image) => image.match)) {
    const mismatched = result.images.filter((image) => image.problems?.some((p) => p.rule === 'mismatched-alt')).length;
    lines.push(
      `${plural(mismatched, 'alt text')} may not describe ${mismatched === 1 ? 'its image' : 'their images'} (of ${scored} scored).`,
    );
  }
  return lines.join('\n') + '\n';
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
