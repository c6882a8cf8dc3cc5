import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { parseDocument } from 'yaml';
import jsoncParserEsm from '../../../scripts/esbuild-jsonc-parser';
import { writeFile } from '../../helpers/files';

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPTS = path.join(ROOT, 'scripts/action');
const TINY = path.join(ROOT, 'test/fixtures/blip-reference/tiny-blip');

interface ActionInput {
  description?: unknown;
  required?: unknown;
  default?: unknown;
}
interface ActionStep {
  id?: string;
  name?: string;
  shell?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: unknown; value?: unknown }>;
  runs: { using: string; steps: ActionStep[] };
}

/** Parses a YAML file strictly: syntax errors, warnings and duplicate keys fail. */
function readYaml(file: string): unknown {
  const document = parseDocument(fs.readFileSync(path.join(ROOT, file), 'utf8'), { uniqueKeys: true, prettyErrors: true });
  assert.deepEqual(
    [...document.errors, ...document.warnings].map((e) => e.message),
    [],
    `${file} does not parse cleanly`,
  );
  return document.toJS();
}

/** Every `${{ ... }}` expression in a YAML value tree, with where it is; an `if` is one without the braces too. */
function expressions(value: unknown, where = ''): { where: string; expression: string }[] {
  if (typeof value === 'string') {
    if (/(^|\.)if$/.test(where) && !value.includes('${{')) return [{ where, expression: value.trim() }];
    return [...value.matchAll(/\$\{\{(.*?)\}\}/gs)].map((m) => ({ where, expression: m[1].trim() }));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => expressions(v, `${where}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => expressions(v, where ? `${where}.${k}` : k));
  return [];
}

describe('action.yml', () => {
  const action = readYaml('action.yml') as Action;
  const steps = action.runs.steps;

  it('is a composite action with a name, a description and steps that each say their shell', () => {
    assert.equal(typeof action.name, 'string');
    assert.ok(action.description.length > 20);
    assert.equal(action.runs.using, 'composite');
    assert.ok(steps.length > 0);
    const ids = new Set<string>();
    for (const step of steps) {
      assert.ok(step.name, 'a step without a name');
      assert.ok((step.run === undefined) !== (step.uses === undefined), `${step.name}: a step has run or uses, not both`);
      if (step.run !== undefined) assert.ok(step.shell, `${step.name}: a composite run step needs a shell`);
      if (step.id) {
        assert.ok(!ids.has(step.id), `step id ${step.id} twice`);
        ids.add(step.id);
      }
    }
  });

  it('documents every input, with required and default consistent', () => {
    assert.ok(Object.keys(action.inputs).length >= 5);
    for (const [name, input] of Object.entries(action.inputs)) {
      assert.match(name, /^[a-z][a-z0-9-]*$/, `input ${name}: not a kebab-case name`);
      assert.equal(typeof input.description, 'string', `input ${name} has no description`);
      assert.ok((input.description as string).length > 15, `input ${name}: the description says too little`);
      assert.ok(input.required === undefined || typeof input.required === 'boolean', `input ${name}: required must be true or false`);
      if (input.required === true) assert.equal(input.default, undefined, `input ${name}: required, yet has a default`);
      else
        assert.equal(typeof input.default, 'string', `input ${name}: optional inputs need a default, as a string (GitHub passes strings)`);
    }
    for (const flag of ['fail-on-problems', 'fix'])
      assert.ok(['true', 'false'].includes(action.inputs[flag].default as string), `${flag} defaults to neither 'true' nor 'false'`);
  });

  it('references only inputs that exist, and uses every input', () => {
    const used = new Set<string>();
    for (const { where, expression } of expressions(action.runs)) {
      for (const [, name] of expression.matchAll(/\binputs\.([A-Za-z0-9_-]+)/g)) {
        assert.ok(name in action.inputs, `${where}: inputs.${name} is not an input`);
        used.add(name);
      }
    }
    assert.deepEqual(
      Object.keys(action.inputs).filter((name) => !used.has(name)),
      [],
      'inputs that nothing uses',
    );
  });

  it('passes inputs to scripts through the environment, never into the script text', () => {
    // An expression inside `run` is pasted into the script before bash reads it: a path or glob with
    // a quote in it would become code. Only the action's own path may appear there.
    for (const step of steps) {
      for (const { expression } of expressions(step.run ?? '')) assert.fail(`${step.name}: \${{ ${expression} }} inside run`);
    }
  });

  it('takes each output from a step that exists and a script that writes it', () => {
    const scripts = fs
      .readdirSync(SCRIPTS)
      .map((f) => fs.readFileSync(path.join(SCRIPTS, f), 'utf8'))
      .join('\n');
    assert.ok(Object.keys(action.outputs).length >= 2);
    for (const [name, output] of Object.entries(action.outputs)) {
      assert.equal(typeof output.description, 'string', `output ${name} has no description`);
      assert.equal(typeof output.value, 'string', `output ${name}: a composite action's output needs a value`);
      const refs = [...(output.value as string).matchAll(/steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g)];
      assert.ok(refs.length > 0, `output ${name} takes its value from no step`);
      for (const [, id, key] of refs) {
        assert.ok(
          steps.some((s) => s.id === id),
          `output ${name}: no step ${id}`,
        );
        assert.match(scripts, new RegExp(`(output ${key} |echo "${key}=)`), `output ${name}: no script writes ${key}`);
      }
    }
    // Steps read the outputs of earlier steps only.
    steps.forEach((step, i) => {
      for (const { where, expression } of expressions(step, step.name)) {
        for (const [, id] of expression.matchAll(/steps\.([A-Za-z0-9_-]+)\./g)) {
          assert.ok(
            steps.slice(0, i).some((s) => s.id === id),
            `${where}: steps.${id} is not an earlier step`,
          );
        }
      }
    });
  });

  it('runs scripts that exist', () => {
    for (const step of steps.filter((s) => s.run)) {
      for (const [, script] of step.run!.matchAll(/"\$ACTION_PATH\/([^"]+)"/g))
        assert.ok(fs.existsSync(path.join(ROOT, script)), `${step.name}: ${script} is missing`);
      if (step.run!.includes('$ACTION_PATH')) assert.equal(step.env?.ACTION_PATH, '${{ github.action_path }}');
    }
  });

  it('has every input and output in the documentation', () => {
    const docs = fs.readFileSync(path.join(ROOT, 'docs/ci.md'), 'utf8');
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)])
      assert.match(docs, new RegExp(`\\| \`${name}\` \\|`), `docs/ci.md does not list ${name}`);
    assert.match(docs, /github\/codeql-action\/upload-sarif@v\d/);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = readYaml('.pre-commit-hooks.yaml') as Array<Record<string, unknown>>;

  it('declares a hook that runs check on Markdown, MDX and HTML', () => {
    assert.ok(Array.isArray(hooks) && hooks.length >= 1);
    const languages = ['system', 'node', 'script', 'python', 'docker', 'fail'];
    for (const hook of hooks) {
      for (const key of ['id', 'name', 'entry', 'language'])
        assert.equal(typeof hook[key], 'string', `hook ${String(hook.id)} lacks ${key}`);
      assert.ok(languages.includes(hook.language as string), `hook ${String(hook.id)}: language ${String(hook.language)}`);
      assert.ok(Array.isArray(hook.types_or ?? hook.types ?? []), `hook ${String(hook.id)}: types must be a list`);
    }
    const check = hooks.find((h) => h.id === 'local-alt-text');
    assert.ok(check, 'no local-alt-text hook');
    assert.equal(check.entry, 'local-alt-text check');
    assert.deepEqual([...(check.types_or as string[])].sort(), ['html', 'markdown', 'mdx']);
    // The CLI's command and its check subcommand are what the package provides.
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.ok((check.entry as string).split(' ')[0] in manifest.bin);
  });
});

/**
 * A stand-in for the installed CLI: the CLI and its caption worker bundled as the build bundles them
 * (a bundle starts in a fraction of the time the sources take through tsx), the native modules found
 * in the project's node_modules.
 */
async function bundledCli(dir: string): Promise<string> {
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['onnxruntime-node', 'sharp'],
    logLevel: 'silent',
    plugins: [jsoncParserEsm],
  };
  await build({ ...common, entryPoints: [path.join(ROOT, 'src/cli.ts')], outfile: path.join(dir, 'cli.js') });
  await build({
    ...common,
    entryPoints: [path.join(ROOT, 'src/inference/worker/captionWorkerMain.ts')],
    outfile: path.join(dir, 'captionWorker.js'),
  });
  const file = path.join(dir, 'local-alt-text');
  fs.writeFileSync(
    file,
    `#!/bin/sh\nNODE_PATH="${path.join(ROOT, 'node_modules')}" exec "${process.execPath}" "${path.join(dir, 'cli.js')}" "$@"\n`,
    { mode: 0o755 },
  );
  return file;
}

interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

/** Runs one of the action's scripts as its step would, in `cwd`, with `env` as the step's env. */
function runStep(script: string, cwd: string, env: Record<string, string>): StepRun {
  const outputFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-action-out-')), 'output');
  fs.writeFileSync(outputFile, '');
  const run = spawnSync('bash', [path.join(SCRIPTS, script)], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), GITHUB_OUTPUT: outputFile, RUNNER_TEMP: path.dirname(outputFile), ...env },
    timeout: 240_000, // a hang guard
  });
  const outputs = Object.fromEntries(
    fs
      .readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  fs.rmSync(path.dirname(outputFile), { recursive: true, force: true });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr, outputs };
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull },
  });
}

describe("the action's steps", () => {
  let bin: string;
  let cli: string;
  let work: string;
  let repo: string;
  before(async () => {
    bin = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-action-cli-')));
    cli = await bundledCli(bin);
  });
  after(() => fs.rmSync(bin, { recursive: true, force: true }));
  beforeEach(() => {
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-action-')));
    repo = path.join(work, 'repo');
    fs.copyFileSync(path.join(ROOT, 'test/fixtures/blip-reference/images/chelsea.png'), path.join(work, 'chelsea.png'));
    writeFile(repo, 'docs/guide.md', '# Guide\n\n![](img/cat.png)\n\n![IMG_1234](img/cat.png)\n');
    writeFile(repo, 'docs/fine.md', '![A cat on a sofa](img/cat.png)\n');
    writeFile(repo, 'docs/draft.md', '![](img/cat.png)\n');
    fs.mkdirSync(path.join(repo, 'docs/img'), { recursive: true });
    fs.copyFileSync(path.join(work, 'chelsea.png'), path.join(repo, 'docs/img/cat.png'));
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'docs');
  });
  afterEach(() => fs.rmSync(work, { recursive: true, force: true }));

  const checkEnv = (extra: Record<string, string> = {}) => ({
    CLI: cli,
    PATHS: '.',
    INCLUDE: '',
    EXCLUDE: '',
    CHANGED_SINCE: '',
    FORMAT: 'text',
    SARIF_FILE: 'out/alt.sarif',
    FAIL_ON_PROBLEMS: 'true',
    ...extra,
  });

  it('check: prints the report, writes the SARIF file, outputs its path and the count, and fails on problems', () => {
    const run = runStep('check.sh', repo, checkEnv());
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /^docs\/draft\.md:1:1 {2}error {4}Image .* {2}(?:missing|empty)-alt$/m);
    assert.match(run.stdout, /::error title=Local Alt Text::3 alt text problems, errors among them/);
    assert.deepEqual(run.outputs, { 'sarif-file': path.join(repo, 'out/alt.sarif'), problems: '3' });
    const sarif = JSON.parse(fs.readFileSync(run.outputs['sarif-file'], 'utf8'));
    assert.equal(sarif.runs[0].results.length, 3);

    const reportOnly = runStep('check.sh', repo, checkEnv({ FAIL_ON_PROBLEMS: 'false', FORMAT: 'json' }));
    assert.equal(reportOnly.code, 0, reportOnly.stderr);
    assert.equal(JSON.parse(reportOnly.stdout.slice(0, reportOnly.stdout.indexOf('\noutput ') + 1)).images.length, 4);
    assert.equal(reportOnly.outputs.problems, '3');
  });

  it('check: applies paths, globs and changed-since as the CLI does', () => {
    writeFile(repo, 'docs/new.md', '![](img/cat.png)\n');
    const changed = runStep('check.sh', repo, checkEnv({ CHANGED_SINCE: 'main' }));
    assert.equal(changed.outputs.problems, '1');
    assert.match(changed.stdout, /^docs\/new\.md:1:1 /m);
    const selected = runStep(
      'check.sh',
      repo,
      checkEnv({ PATHS: 'docs/guide.md\n docs/draft.md docs/fine.md', EXCLUDE: '  *draft.md \n\n' }),
    );
    assert.equal(selected.outputs.problems, '2');
    assert.doesNotMatch(selected.stdout, /draft\.md/);
  });

  it('check: refuses bad inputs and CLI errors with exit code 2 and an annotation', () => {
    const format = runStep('check.sh', repo, checkEnv({ FORMAT: 'sarif' }));
    assert.equal(format.code, 2);
    assert.match(format.stdout, /::error title=Local Alt Text::format must be text or json/);
    const flag = runStep('check.sh', repo, checkEnv({ FAIL_ON_PROBLEMS: 'yes' }));
    assert.equal(flag.code, 2);
    const ref = runStep('check.sh', repo, checkEnv({ CHANGED_SINCE: 'no-such-ref' }));
    assert.equal(ref.code, 2);
    assert.match(ref.stderr, /'no-such-ref' is not a commit/);
    assert.deepEqual(ref.outputs, {});
    assert.equal(runStep('check.sh', repo, checkEnv({ CLI: '' })).code, 2);
  });

  it('fix: captions the images that lack alt text, writes them, and outputs how many', () => {
    const fix = runStep('fix.sh', repo, {
      CLI: cli,
      PATHS: 'docs',
      INCLUDE: '',
      EXCLUDE: '*draft.md',
      CHANGED_SINCE: '',
      MODEL: TINY,
      PRECISION: 'fp32',
      HOME: work,
      CACHE_DIR: '~/cache',
    });
    assert.equal(fix.code, 0, fix.stdout + fix.stderr);
    assert.equal(fix.outputs.fixed, '2');
    assert.ok(fs.readdirSync(path.join(work, 'cache')).length > 0, 'the converted model is not in ~/cache');
    const guide = fs.readFileSync(path.join(repo, 'docs/guide.md'), 'utf8');
    assert.doesNotMatch(guide, /!\[\]|IMG_1234/);
    assert.equal(fs.readFileSync(path.join(repo, 'docs/draft.md'), 'utf8'), '![](img/cat.png)\n', 'an excluded file was changed');
    const after = runStep('check.sh', repo, checkEnv({ PATHS: 'docs' }));
    assert.equal(after.outputs.problems, '1', 'only the excluded draft is left');

    const nothing = runStep('fix.sh', repo, { CLI: cli, PATHS: 'docs/guide.md', MODEL: TINY, CACHE_DIR: path.join(work, 'cache') });
    assert.equal(nothing.code, 0, nothing.stderr);
    assert.equal(nothing.outputs.fixed, '0');
    assert.match(nothing.stdout, /nothing to caption/);
  });

  it('install: installs the package given into a prefix of its own and outputs the executable', () => {
    // A stand-in package (no registry here): install.sh's own work is the prefix, the checks and the output.
    const pkg = path.join(work, 'pkg');
    writeFile(pkg, 'package.json', JSON.stringify({ name: 'local-alt-text', version: '0.0.1', bin: { 'local-alt-text': 'cli.js' } }));
    writeFile(
      pkg,
      'cli.js',
      '#!/usr/bin/env node\nif (process.argv[2] === "check" && process.argv[3] === "--help") console.log("usage: local-alt-text check");\nelse process.exit(2);\n',
    );
    const run = runStep('install.sh', work, {
      ACTION_PATH: ROOT,
      VERSION: pkg,
      RUNNER_TEMP: work,
      npm_config_cache: path.join(work, 'npm-cache'),
      npm_config_offline: 'true',
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const installed = run.outputs.cli;
    assert.ok(installed.endsWith('/local-alt-text-cli/bin/local-alt-text'), installed);
    assert.match(execFileSync(installed, ['check', '--help'], { encoding: 'utf8' }), /usage: local-alt-text check/);
  });
});
