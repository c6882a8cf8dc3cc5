import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CAPTION_USAGE } from '../../../src/cli/caption';
import { CHECK_USAGE } from '../../../src/cli/check';
import { FIX_USAGE } from '../../../src/cli/fix';
import { MATCH_USAGE } from '../../../src/cli/match';
import { runCli } from '../../helpers/runCli';

const cliDoc = readFileSync(path.join(__dirname, '../../../docs/cli.md'), 'utf8');

/** Every `--option` a text names, once each, sorted. */
function options(text: string): string[] {
  return [...new Set(text.match(/--[a-z][a-z-]*/g) ?? [])].sort();
}

/** The reference section `# \`local-alt-text NAME\`` of docs/cli.md, up to the next top-level heading. */
function section(name: string): string {
  const heading = `# \`local-alt-text ${name}\`\n`;
  const start = cliDoc.startsWith(heading) ? 0 : cliDoc.indexOf(`\n${heading}`);
  assert.notEqual(start, -1, `docs/cli.md has no section "${heading.trim()}"`);
  const end = cliDoc.indexOf('\n# ', start + heading.length);
  return cliDoc.slice(start, end === -1 ? undefined : end);
}

describe('docs/cli.md against the commands’ usage strings', () => {
  for (const [name, usage] of [
    ['check', CHECK_USAGE],
    ['fix', FIX_USAGE],
    ['caption', CAPTION_USAGE],
    ['match', MATCH_USAGE],
  ] as const) {
    it(`${name}: the section's synopsis lists exactly the options --help lists`, () => {
      const synopsis = /```(?:sh)?\n([^]*?)```/.exec(section(name))?.[1];
      assert.ok(synopsis, `the ${name} section opens with no synopsis`);
      assert.ok(synopsis.startsWith(`local-alt-text ${name} `), synopsis);
      assert.deepEqual(options(synopsis), options(usage.replace('--help', '')));
    });
  }

  it("model: the section's synopsis lists each action and exactly the options --help lists", async () => {
    const { code, stdout } = await runCli(['model', '--help']);
    assert.equal(code, 0);
    const synopsis = /```(?:sh)?\n([^]*?)```/.exec(section('model'))?.[1] ?? '';
    const actions = /<([a-z|]+)>/.exec(stdout)?.[1].split('|') ?? [];
    assert.ok(actions.length > 0, stdout);
    for (const action of actions) assert.match(synopsis, new RegExp(`^local-alt-text model ${action}\\b`, 'm'));
    assert.deepEqual(options(synopsis), options(stdout));
  });
});
