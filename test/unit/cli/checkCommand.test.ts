import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCheck } from '../../helpers/runCli';
import { writeFile } from '../../helpers/files';

describe('local-alt-text check', () => {
  let project: string;
  before(async () => {
    project = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-check-')));
    fs.mkdirSync(path.join(project, '.git'));
    writeFile(project, '.gitignore', 'build/\n*.draft.md\n');
    writeFile(
      project,
      'docs/guide.md',
      '# Guide\n\n![](img/shot.png)\n\nText ![IMG_1234](img/shot.png) and <img src="https://cdn.example.com/a.png" alt="A red barn">\n',
    );
    writeFile(project, 'docs/img/shot.png', 'not really a png');
    writeFile(project, 'docs/page.html', '\uFEFF<p><img src="/logo.svg" alt="Acme logo"></p>\n');
    writeFile(project, 'docs/story.mdx', 'Intro\n\n<Image src="data:image/png;base64,AAAA" alt="" />\n');
    writeFile(project, 'docs/notes.draft.md', '![](ignored.png)\n');
    writeFile(project, 'build/out.md', '![](ignored.png)\n');
    writeFile(project, 'node_modules/pkg/readme.md', '![](ignored.png)\n');
    writeFile(project, 'docs/vendor/.gitignore', '*.md\n!keep.md\n');
    writeFile(project, 'docs/vendor/drop.md', '![](ignored.png)\n');
    writeFile(project, 'docs/vendor/keep.md', '![Kept diagram](k.png)\n');
    writeFile(project, 'static/logo.svg', '<svg/>');
    writeFile(project, 'clean/ok.md', '![A lighthouse at dusk](l.png)\n');
    writeFile(project, 'latin1/bad.md', Buffer.from([0x21, 0x5b, 0xe9, 0x5d, 0x28, 0x78, 0x29, 0x0a]));
  });

  after(() => fs.rmSync(project, { recursive: true, force: true }));

  it('prints the JSON contract exactly, every image included', async () => {
    const run = await runCheck(['docs', '--format', 'json'], project);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(report), ['version', 'files', 'images']);
    assert.equal(report.version, 1);
    assert.equal(report.files, 4, 'guide.md, page.html, story.mdx, vendor/keep.md');
    const keys = [
      'file',
      'line',
      'column',
      'endLine',
      'endColumn',
      'syntax',
      'src',
      'resolved',
      'exists',
      'remote',
      'alt',
      'altState',
      'problems',
    ];
    for (const image of report.images) assert.deepEqual(Object.keys(image), keys);
    assert.deepEqual(report.images, [
      {
        file: 'docs/guide.md',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 18,
        syntax: 'markdown-inline',
        src: 'img/shot.png',
        resolved: path.join(project, 'docs/img/shot.png'),
        exists: true,
        remote: false,
        alt: '',
        altState: 'missing',
        problems: [
          {
            rule: 'empty-alt',
            severity: 'error',
            message:
              'Image "shot.png" has an empty alt text, which in Markdown usually means it was forgotten: describe the image, or mark it decorative',
          },
        ],
      },
      {
        file: 'docs/guide.md',
        line: 5,
        column: 6,
        endLine: 5,
        endColumn: 31,
        syntax: 'markdown-inline',
        src: 'img/shot.png',
        resolved: path.join(project, 'docs/img/shot.png'),
        exists: true,
        remote: false,
        alt: 'IMG_1234',
        altState: 'placeholder',
        problems: [
          {
            rule: 'placeholder-alt',
            severity: 'error',
            message: 'The alt text "IMG_1234" of image "shot.png" does not describe it: it is a camera file name',
          },
        ],
      },
      {
        file: 'docs/guide.md',
        line: 5,
        column: 36,
        endLine: 5,
        endColumn: 94,
        syntax: 'markdown-html',
        src: 'https://cdn.example.com/a.png',
        resolved: 'https://cdn.example.com/a.png',
        exists: false,
        remote: true,
        alt: 'A red barn',
        altState: 'ok',
        problems: [],
      },
      {
        file: 'docs/page.html',
        line: 1,
        column: 4,
        endLine: 1,
        endColumn: 41,
        syntax: 'html',
        src: '/logo.svg',
        resolved: path.join(project, 'static/logo.svg'),
        exists: true,
        remote: false,
        alt: 'Acme logo',
        altState: 'ok',
        problems: [],
      },
      {
        file: 'docs/story.mdx',
        line: 3,
        column: 1,
        endLine: 3,
        endColumn: 50,
        syntax: 'mdx',
        src: 'data:image/png;base64,AAAA',
        resolved: null,
        exists: true,
        remote: false,
        alt: '',
        altState: 'empty',
        problems: [],
      },
      {
        file: 'docs/vendor/keep.md',
        line: 1,
        column: 1,
        endLine: 1,
        endColumn: 23,
        syntax: 'markdown-inline',
        src: 'k.png',
        resolved: path.join(project, 'docs/vendor/k.png'),
        exists: false,
        remote: false,
        alt: 'Kept diagram',
        altState: 'ok',
        problems: [],
      },
    ]);
  });

  it('walks the current folder by default, honouring .gitignore, and fails on a document it cannot read, checking the others', async () => {
    const run = await runCheck(['--format=json'], project);
    const files = [...new Set(JSON.parse(run.stdout).images.map((i: { file: string }) => i.file))];
    assert.deepEqual(files, ['clean/ok.md', 'docs/guide.md', 'docs/page.html', 'docs/story.mdx', 'docs/vendor/keep.md']);
    assert.match(run.stderr, /latin1\/bad\.md: not valid UTF-8 at byte 2; only UTF-8 documents are read; not checked/);
    assert.equal(run.code, 2, 'a document that was not read must not pass');
  });

  it('checks a file named outright even when .gitignore leaves it out', async () => {
    const run = await runCheck(['docs/notes.draft.md', '--format', 'json'], project);
    assert.equal(JSON.parse(run.stdout).files, 1);
    assert.equal(run.code, 1);
  });

  it('applies --include and --exclude globs', async () => {
    const onlyHtml = JSON.parse((await runCheck(['docs', '--include', '*.html', '--format', 'json'], project)).stdout);
    assert.deepEqual(
      onlyHtml.images.map((i: { file: string }) => i.file),
      ['docs/page.html'],
    );
    const run = await runCheck(['docs', '--exclude', 'docs/guide.md', '--exclude', '**/vendor/**', '--format', 'json'], project);
    assert.deepEqual(
      [...new Set(JSON.parse(run.stdout).images.map((i: { file: string }) => i.file))],
      ['docs/page.html', 'docs/story.mdx'],
    );
    assert.equal(run.code, 0, 'nothing missing or placeholder is left');
  });

  it('exits 0 when every image has useful alt text', async () => {
    const run = await runCheck(['clean'], project);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /No alt text problems \(1 image in 1 file\)/);
  });

  it('prints findings like a linter in text format', async () => {
    const run = await runCheck(['docs/guide.md'], project);
    assert.equal(run.code, 1);
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^docs\/guide\.md:3:1 {2}error {4}Image "shot\.png" has an empty alt text, .* {2}empty-alt$/);
    assert.equal(
      lines[1],
      'docs/guide.md:5:6  error    The alt text "IMG_1234" of image "shot.png" does not describe it: it is a camera file name  placeholder-alt',
    );
    assert.equal(lines[2], '2 problems (2 errors, 0 warnings) among 3 images in 1 file.');
  });

  it('prints SARIF 2.1.0 with one result per finding', async () => {
    const run = await runCheck(['docs', '--format', 'sarif'], project);
    const sarif = JSON.parse(run.stdout);
    assert.equal(sarif.version, '2.1.0');
    const [only] = sarif.runs;
    assert.equal(only.tool.driver.name, 'local-alt-text');
    assert.deepEqual(
      only.results.map((r: { ruleId: string }) => r.ruleId),
      ['empty-alt', 'placeholder-alt'],
    );
    assert.deepEqual(only.results[1].locations[0].physicalLocation, {
      artifactLocation: { uri: 'docs/guide.md', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5, startColumn: 6, endLine: 5, endColumn: 31 },
    });
    assert.equal(only.results[0].level, 'error');
  });

  it('exits 2 with a message for usage errors', async () => {
    const unknown = await runCheck(['--frobnicate'], project);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown option --frobnicate/);
    const format = await runCheck(['--format', 'xml'], project);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be one of text, json, sarif/);
    const missing = await runCheck(['no/such/folder'], project);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file or folder: no\/such\/folder/);
    const noValue = await runCheck(['--include'], project);
    assert.equal(noValue.code, 2);
  });

  it('prints its usage for --help and exits 0', async () => {
    const run = await runCheck(['--help'], project);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /usage: local-alt-text check \[paths\.\.\.\]/);
  });
});
