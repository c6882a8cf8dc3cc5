import assert from 'node:assert/strict';
import path from 'node:path';
import { importGraph, type ImportEdge } from '../../helpers/importGraph';

const ROOT = path.resolve(__dirname, '../../..');

/** The editor's face: the only code that may use the VS Code API. */
const isExtension = (file: string) => /^src\/(extension\.ts$|extension\/|commands\/|providers\/)/.test(file);
const isCli = (file: string) => /^src\/(cli\.ts$|cli\/)/.test(file);
/** Plain Node code both faces share: never the VS Code API or the extension layer. */
const isPlain = (file: string) => /^src\/(markdown|inference|net|rules|fix|purpose)\//.test(file);

/** The rules every import in src/ keeps, as messages for the ones that do not. */
function layerViolations(edges: readonly ImportEdge[]): string[] {
  // A CLI command is a module src/cli.ts loads as a subcommand.
  const commands = new Set(edges.filter((e) => e.from === 'src/cli.ts' && e.dynamic && e.to).map((e) => e.to!));
  const problems: string[] = [];
  for (const edge of edges) {
    const at = `${edge.from}:${edge.line} imports '${edge.specifier}'`;
    const to = edge.to;
    if (isExtension(edge.from) && to && isCli(to)) problems.push(`${at}: the extension never imports the CLI`);
    if (to && commands.has(to) && edge.from !== 'src/cli.ts')
      problems.push(`${at}: only src/cli.ts loads a CLI command; move what is shared out of ${to}`);
    if (isPlain(edge.from) && (edge.specifier === 'vscode' || edge.specifier.startsWith('vscode/')))
      problems.push(`${at}: shared code runs in plain Node, without the VS Code API`);
    if (isPlain(edge.from) && to && isExtension(to)) problems.push(`${at}: shared code never imports the extension layer`);
    if (isPlain(edge.from) && to && isCli(to)) problems.push(`${at}: shared code never imports the CLI`);
  }
  return problems;
}

describe('what each part of src/ may import', () => {
  const edges = importGraph(ROOT, 'src');

  it('reads the imports of every file, dynamic and type-only ones too', () => {
    const files = new Set(edges.map((e) => e.from));
    assert.ok(files.size > 100, `${files.size} files`);
    assert.ok(edges.some((e) => e.from === 'src/cli.ts' && e.dynamic && e.to === 'src/cli/check.ts'));
    assert.ok(edges.some((e) => e.from === 'src/extension/lazy.ts' && e.dynamic && e.to === 'src/markdown/index.ts'));
    assert.ok(
      edges.some((e) => e.from === 'src/extension/scanner.ts' && !e.dynamic && e.to === 'src/markdown/index.ts'),
      'typeof import()',
    );
  });

  it('keeps the faces apart and the shared code plain', () => {
    assert.deepEqual(layerViolations(edges), []);
  });

  it('finds each kind of breach', () => {
    const edge = (from: string, specifier: string, to?: string, dynamic = false): ImportEdge => ({ from, specifier, to, dynamic, line: 1 });
    const problems = layerViolations([
      edge('src/cli.ts', './cli/model', 'src/cli/model.ts', true),
      edge('src/cli.ts', './cli/caption', 'src/cli/caption.ts', true),
      edge('src/cli/captionOptions.ts', './model', 'src/cli/model.ts', true),
      edge('src/cli/caption.ts', './captionOptions', 'src/cli/captionOptions.ts'),
      edge('src/providers/hover.ts', '../cli/walk', 'src/cli/walk.ts'),
      edge('src/fix/pipeline.ts', 'vscode'),
      edge('src/markdown/scan.ts', '../extension/log', 'src/extension/log.ts'),
      edge('src/fix/walk.ts', '../cli/errors', 'src/cli/errors.ts'),
    ]);
    assert.deepEqual(
      problems.map((p) => p.split(':')[0]),
      ['src/cli/captionOptions.ts', 'src/providers/hover.ts', 'src/fix/pipeline.ts', 'src/markdown/scan.ts', 'src/fix/walk.ts'],
    );
  });
});
