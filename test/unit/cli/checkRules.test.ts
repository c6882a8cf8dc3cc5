import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CheckResult } from '../../../src/cli/checkDocuments';
import { formatJson } from '../../../src/cli/formatJson';
import { formatSarif } from '../../../src/cli/formatSarif';
import { formatText } from '../../../src/cli/formatText';
import type { ImageRef } from '../../../src/markdown';
import { defaultRuleConfig, judgeImages, RULE_IDS, ruleProblem, type RuleId } from '../../../src/rules';
import { runCheck } from '../../helpers/runCli';
import { writeFile } from '../../helpers/files';

interface JsonProblem {
  rule: string;
  severity: string;
  message: string;
  suggestion?: string;
}
interface JsonImage {
  src: string;
  altState: string;
  problems: JsonProblem[];
}
interface Sarif {
  runs: {
    tool: { driver: { rules: { id: string; helpUri: string }[] } };
    results: { ruleId: string; ruleIndex: number; level: string }[];
  }[];
}

// One image for each rule the scan alone can find, in one document.
const RULES_MD = [
  '# Rules',
  '',
  '<img src="no-alt.png">', // missing-alt
  '',
  '![](empty.png)', // empty-alt
  '',
  '![Alt text](pasted.png)', // placeholder-alt
  '',
  '![email-success-formatted.png](signup.png)', // filename-alt
  '',
  '![Picture of the team at the offsite](team.jpg)', // redundant-prefix
  '',
  `![${'A long description that goes on '.repeat(5)}and on](chart.png)`, // alt-too-long
  '',
  '![Settings dialog](general.png) and ![Settings dialog](privacy.png)', // duplicate-alt on the second
  '',
].join('\n');

const EXPECTED: Array<[src: string, rule: RuleId, severity: string]> = [
  ['no-alt.png', 'missing-alt', 'error'],
  ['empty.png', 'empty-alt', 'error'],
  ['pasted.png', 'placeholder-alt', 'error'],
  ['signup.png', 'filename-alt', 'error'],
  ['team.jpg', 'redundant-prefix', 'warning'],
  ['chart.png', 'alt-too-long', 'warning'],
  ['privacy.png', 'duplicate-alt', 'warning'],
];

describe('check: rules in every format', () => {
  let project: string;
  before(() => {
    project = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-rules-')));
    fs.mkdirSync(path.join(project, '.git'));
    writeFile(project, 'docs/rules.md', RULES_MD);
    writeFile(project, 'warnings/only.md', '![Picture of a cat](cat.png)\n\n![Photo of a dog](dog.png)\n');
    writeFile(project, 'clean/ok.md', '![A lighthouse at dusk](l.png)\n');
    writeFile(
      project,
      'context/page.md',
      [
        '[![](badge.svg)](https://github.com/acme/widget/actions)',
        '',
        '<figure>',
        '  <img src="q3.png" alt="Revenue by quarter">',
        '  <figcaption>Revenue by quarter</figcaption>',
        '</figure>',
        '',
        '[![Build status](ci.svg)](https://ci.example.com)',
        '',
      ].join('\n'),
    );
  });
  after(() => fs.rmSync(project, { recursive: true, force: true }));

  it('JSON: each image keeps altState and lists its problems, each with rule, severity and message', async () => {
    const run = await runCheck(['docs', '--format', 'json'], project);
    assert.equal(run.code, 1, run.stderr);
    const images = JSON.parse(run.stdout).images as JsonImage[];
    const found = images.flatMap((image) => image.problems.map((p) => [image.src, p.rule, p.severity]));
    assert.deepEqual(found, EXPECTED);
    for (const image of images) {
      assert.ok(Array.isArray(image.problems), 'problems is always there');
      assert.ok(typeof image.altState === 'string');
      for (const problem of image.problems) assert.ok(problem.message.length > 0);
    }
    assert.deepEqual(images.find((i) => i.src === 'general.png')!.problems, [], 'the first of two images with one alt is not reported');
    assert.equal(images.find((i) => i.src === 'team.jpg')!.altState, 'ok', 'a descriptive alt with a prefix is ok');
    assert.equal(images.find((i) => i.src === 'team.jpg')!.problems[0].suggestion, 'The team at the offsite');
    assert.equal(images.find((i) => i.src === 'signup.png')!.altState, 'placeholder');
  });

  it('SARIF: one result per problem under its rule id, each rule with its help page', async () => {
    const run = await runCheck(['docs', '--format', 'sarif'], project);
    assert.equal(run.code, 1, run.stderr);
    const [only] = (JSON.parse(run.stdout) as Sarif).runs;
    assert.deepEqual(
      only.results.map((r) => [r.ruleId, r.level]),
      EXPECTED.map(([, rule, severity]) => [rule, severity]),
    );
    for (const result of only.results) assert.equal(only.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    for (const rule of only.tool.driver.rules) assert.match(rule.helpUri, new RegExp(`/docs/rules\\.md#${rule.id}$`));
  });

  it('text: names the rule and the severity on each line', async () => {
    const run = await runCheck(['docs'], project);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, EXPECTED.length + 1);
    EXPECTED.forEach(([, rule, severity], i) => {
      assert.match(lines[i], new RegExp(`^docs/rules\\.md:\\d+:\\d+ {2}${severity} +.+ {2}${rule}$`));
    });
    assert.equal(lines.at(-1), '7 problems (4 errors, 3 warnings) among 8 images in 1 file.');
  });

  it('exits 0 on warnings alone, and 1 when there are more than --max-warnings', async () => {
    const warnings = await runCheck(['warnings'], project);
    assert.equal(warnings.code, 0, 'warnings do not fail check');
    assert.match(warnings.stdout, /2 problems \(0 errors, 2 warnings\)/);
    assert.equal((await runCheck(['warnings', '--max-warnings', '2'], project)).code, 0);
    const over = await runCheck(['warnings', '--max-warnings=1'], project);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /2 warnings, more than --max-warnings 1 allows/);
    assert.equal((await runCheck(['warnings', '--max-warnings', '0'], project)).code, 1);
    assert.equal((await runCheck(['warnings', '--max-warnings', '-1'], project)).code, 0, '-1: no limit, as ESLint has it');
    assert.equal((await runCheck(['clean', '--max-warnings', '0'], project)).code, 0);
    const bad = await runCheck(['warnings', '--max-warnings', 'many'], project);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-warnings must be a whole number/);
  });

  it('follows the project configuration: rules off, severities changed, options', async () => {
    const config = path.join(project, 'rules.jsonc');
    fs.writeFileSync(
      config,
      `{
        // the team writes "Picture of" on purpose
        "rules": {
          "redundant-prefix": "off",
          "empty-alt": "warning",
          "missing-alt": { "severity": "info" },
          "placeholder-alt": "off",
          "filename-alt": "off",
          "alt-too-long": { "maxCharacters": 1000 },
          "duplicate-alt": "error"
        }
      }`,
    );
    const run = await runCheck(['docs', '--format', 'json', '--config', config], project);
    const images = JSON.parse(run.stdout).images as JsonImage[];
    assert.deepEqual(
      images.flatMap((image) => image.problems.map((p) => [image.src, p.rule, p.severity])),
      [
        ['no-alt.png', 'missing-alt', 'info'],
        ['empty.png', 'empty-alt', 'warning'],
        ['privacy.png', 'duplicate-alt', 'error'],
      ],
    );
    assert.equal(run.code, 1, 'duplicate-alt is an error here');
    fs.writeFileSync(config, '{ "rules": { "duplicate-alt": "off", "empty-alt": "off", "redundant-prefix": "off" } }');
    const quiet = await runCheck(['docs', '--config', config, '--max-warnings', '1'], project);
    assert.equal(quiet.code, 1, 'placeholder-alt and filename-alt are still errors');
  });

  it('refuses a configuration with an unknown rule or severity, naming the file and the setting', async () => {
    const config = path.join(project, 'bad.jsonc');
    fs.writeFileSync(config, '{ "rules": { "missing-alt": "fatal" } }');
    const run = await runCheck(['docs', '--config', config], project);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bad\.jsonc: "rules\.missing-alt" must be one of error, warning, info, off, not "fatal"/);
    fs.writeFileSync(config, '{ "rules": { "missing-alt-text": "off" } }');
    assert.match((await runCheck(['docs', '--config', config], project)).stderr, /unknown rule "rules\.missing-alt-text"/);
  });

  it('reports the rules that read an image in its context, through a real document, in JSON and SARIF', async () => {
    const json = await runCheck(['context', '--format', 'json'], project);
    assert.equal(json.code, 1, 'functional-image is an error');
    const images = JSON.parse(json.stdout).images as JsonImage[];
    assert.deepEqual(
      images.map((image) => [image.src, image.problems.map((p) => [p.rule, p.severity, p.suggestion])]),
      [
        ['badge.svg', [['functional-image', 'error', 'widget on GitHub']]],
        ['q3.png', [['alt-repeats-text', 'warning', undefined]]],
        ['ci.svg', []],
      ],
    );
    const sarif = JSON.parse((await runCheck(['context', '--format', 'sarif'], project)).stdout) as Sarif;
    assert.deepEqual(
      sarif.runs[0].results.map((r) => [r.ruleId, r.level]),
      [
        ['functional-image', 'error'],
        ['alt-repeats-text', 'warning'],
      ],
    );
  });

  it('reports problems added after the scan (image-text matching) in JSON, SARIF and text', () => {
    // Built by hand: the formats and the hook for later checks are what is tested.
    const refs: ImageRef[] = [
      {
        range: { start: 0, end: 20 },
        syntax: 'markdown-inline',
        src: 'badge.svg',
        alt: '',
        altState: 'missing',
        context: { link: { kind: 'link', href: 'https://github.com/acme/widget/actions', text: '' } },
      },
      {
        range: { start: 30, end: 60 },
        syntax: 'html',
        src: 'q3.png',
        alt: 'Revenue by quarter',
        altState: 'ok',
        context: { caption: 'Revenue by quarter' },
      },
      { range: { start: 70, end: 90 }, syntax: 'markdown-inline', src: 'dashboard.png', alt: 'The old settings page', altState: 'ok' },
    ];
    const config = defaultRuleConfig();
    const problems = judgeImages(refs, config);
    // What `check --verify-alt` does with a low score.
    problems[2].push(ruleProblem(config, 'mismatched-alt', 'Alt text of image "dashboard.png" scores 0.03 against the picture')!);
    const file = path.join(project, 'docs/context.md');
    const result: CheckResult = {
      files: 1,
      images: refs.map((ref, i) => ({
        file,
        ref,
        source: { kind: 'file', resolved: null, exists: false, remote: false },
        start: { line: i + 1, column: 1 },
        end: { line: i + 1, column: 10 },
        problems: problems[i],
      })),
      warnings: [],
      errors: [],
      tooComplex: 0,
    };
    const expected = [
      ['functional-image', 'error'],
      ['alt-repeats-text', 'warning'],
      ['mismatched-alt', 'warning'],
    ];
    const json = JSON.parse(formatJson(result, project)) as { images: JsonImage[] };
    assert.deepEqual(
      json.images.map((i) => i.problems.map((p) => [p.rule, p.severity])),
      expected.map((e) => [e]),
    );
    assert.equal(json.images[0].problems[0].suggestion, 'widget on GitHub');
    const sarif = JSON.parse(formatSarif(result, project)) as Sarif;
    assert.deepEqual(
      sarif.runs[0].results.map((r) => [r.ruleId, r.level, RULE_IDS[r.ruleIndex]]),
      expected.map(([rule, level]) => [rule, level, rule]),
    );
    const text = formatText(result, project).split('\n');
    expected.forEach(([rule], i) => assert.ok(text[i].endsWith(`  ${rule}`), text[i]));
  });
});
