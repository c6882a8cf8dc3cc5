import { relativeToCwd, type CheckResult } from './checkDocuments';
import { countProblems, problemsOf, severityLabel } from './findingMessage';

/** One line per problem, `file:line:column  severity  message  rule`, then a summary, as ESLint prints. */
export function formatText(result: CheckResult, cwd: string): string {
  const lines = problemsOf(result.images).map(
    ({ image, problem }) =>
      `${relativeToCwd(image.file, cwd)}:${image.start.line}:${image.start.column}  ${severityLabel(problem.severity)}  ${problem.message}  ${problem.rule}`,
  );
  const counts = countProblems(result.images);
  const total = counts.error + counts.warning + counts.info;
  const images = `${plural(result.images.length, 'image')} in ${plural(result.files, 'file')}`;
  const kinds = [plural(counts.error, 'error'), plural(counts.warning, 'warning'), ...(counts.info ? [`${counts.info} info`] : [])];
  lines.push(total === 0 ? `No alt text problems (${images}).` : `${plural(total, 'problem')} (${kinds.join(', ')}) among ${images}.`);
  // With --verify-alt, how many of the scored alt texts matching doubts (whatever severity the rule has).
  if (result.images.some((image) => image.match)) {
    const scored = result.images.filter((image) => image.match && 'itm' in image.match).length;
    const mismatched = result.images.filter((image) => image.problems.some((p) => p.rule === 'mismatched-alt')).length;
    lines.push(
      `${plural(mismatched, 'alt text')} may not describe ${mismatched === 1 ? 'its image' : 'their images'} (of ${scored} scored).`,
    );
  }
  return lines.join('\n') + '\n';
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
