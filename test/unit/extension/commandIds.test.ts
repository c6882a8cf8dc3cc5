import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Command } from '../../../src/extension/commandIds';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; menus: Record<string, { command: string }[]> };
};
const ids: string[] = Object.values(Command);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(file) : /\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

describe('command ids', () => {
  it('are the commands package.json contributes, each once', () => {
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.equal(new Set(contributed).size, contributed.length, 'a command is contributed twice');
    assert.equal(new Set(ids).size, ids.length, 'two constants name the same command');
    assert.deepEqual([...ids].sort(), [...contributed].sort());
  });

  it('cover every command the menus name', () => {
    const menus = Object.entries(manifest.contributes.menus).flatMap(([menu, items]) => items.map((i) => ({ menu, command: i.command })));
    assert.ok(menus.length > 0);
    for (const { menu, command } of menus) assert.ok(ids.includes(command), `menu ${menu} names ${command}, which has no constant`);
  });

  it('are written out only in src/extension/commandIds.ts', () => {
    const own = path.join(ROOT, 'src/extension/commandIds.ts');
    const written = new RegExp(`(?<![\\w.])(${ids.map((id) => id.replace(/\./g, '\\.')).join('|')})(?![\\w.])`);
    const elsewhere = sourceFiles(path.join(ROOT, 'src'))
      .filter((file) => file !== own)
      .flatMap((file) =>
        fs
          .readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) => (written.test(line) ? [`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [])),
      );
    assert.deepEqual(elsewhere, []);
  });
});
