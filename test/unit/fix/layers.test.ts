import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SRC = path.join(__dirname, '../../../src');

/** Every module under src/, with the modules it imports (static and dynamic), as paths relative to src/. */
function importsBySource(): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const text = fs.readFileSync(full, 'utf8');
        const specifiers = [...text.matchAll(/(?:from\s+|import\(\s*|require\(\s*)'([^']+)'/g)].map((m) => m[1]);
        const resolved = specifiers.map((s) => (s.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(full), s)) : s));
        result.set(
          path.relative(SRC, full),
          resolved.map((s) => s.split(path.sep).join('/')),
        );
      }
    }
  };
  walk(SRC);
  return result;
}

describe('fix: who may import whom', () => {
  const graph = importsBySource();

  it('nothing outside the CLI imports from it: the editor shares the fix through src/fix', () => {
    const offending = [...graph].flatMap(([file, imports]) =>
      file.startsWith('cli/') || file === 'cli.ts'
        ? []
        : imports.filter((i) => i === 'cli' || i.startsWith('cli/')).map((i) => `${file} -> ${i}`),
    );
    assert.deepEqual(offending, []);
  });

  it('src/fix runs in plain Node and depends on no face', () => {
    const offending = [...graph]
      .filter(([file]) => file.startsWith('fix/'))
      .flatMap(([file, imports]) =>
        imports
          .filter((i) => i === 'vscode' || /^(cli|extension|commands|providers)(\/|$)/.test(i) || i === 'cli' || i === 'extension')
          .map((i) => `${file} -> ${i}`),
      );
    assert.deepEqual(offending, []);
    assert.ok(
      graph.has('fix/captionImages.ts') && graph.has('fix/walk.ts') && graph.has('fix/gitignore.ts'),
      'the walk and the pipeline are where this test looks',
    );
  });
});
