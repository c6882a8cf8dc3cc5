import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import manifest from '../../../package.json';
import { repositoryUrl } from '../../../src/cli/project';
import { RULE_IDS, RULES } from '../../../src/rules';
import { runCli } from '../../helpers/runCli';
import { writeFile } from '../../helpers/files';

const SCHEMA = path.join(__dirname, '../../fixtures/sarif/sarif-schema-2.1.0.json');

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number; startColumn: number } };
  }[];
  partialFingerprints: Record<string, string>;
}
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri: string;
}
interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: SarifResult[];
  }[];
}

function compileSchema(): ValidateFunction {
  // The schema's `language` pattern is not valid as a Unicode regular expression (a stray `]`), so
  // patterns are compiled as plain ones, as the schema's authors' own tools do.
  const ajv = new Ajv({ allErrors: true, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
}

/** `check --format sarif` run from `cwd`, parsed. */
async function sarifFrom(cwd: string, args: string[] = []): Promise<SarifLog> {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const run = await runCli(['check', ...args, '--format', 'sarif']);
    assert.equal(run.code, 1, run.stderr);
    return JSON.parse(run.stdout) as SarifLog;
  } finally {
    process.chdir(previous);
  }
}

function fingerprints(log: SarifLog): string[] {
  return log.runs[0].results.map((r) => r.partialFingerprints['altTextFinding/v1']);
}

const GUIDE = '# Guide\n\n![](img/shot.png)\n\nText ![IMG_1234](img/shot.png) and ![](img/shot.png) again.\n\n<img src="img/other.png">\n';

describe('check --format sarif, as GitHub code scanning reads it', () => {
  let repo: string;
  let validate: ValidateFunction;
  before(() => {
    validate = compileSchema();
    repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-sarif-')));
    fs.mkdirSync(path.join(repo, '.git'));
    writeFile(repo, 'docs/guide.md', GUIDE);
    writeFile(repo, 'docs/a b/page.html', '<p><img src="x.png" alt="image"></p>\n');
    writeFile(repo, 'README.md', '![](docs/img/shot.png)\n');
  });
  after(() => fs.rmSync(repo, { recursive: true, force: true }));

  function assertValid(log: unknown): void {
    const valid = validate(log);
    assert.ok(valid, `not valid SARIF 2.1.0:\n${JSON.stringify(validate.errors, null, 2)}`);
  }

  it('is valid against the SARIF 2.1.0 JSON schema', async () => {
    const log = await sarifFrom(repo);
    assert.equal(log.runs[0].results.length, 6);
    assertValid(log);
    assert.deepEqual(log.runs[0].results.map((r) => [r.ruleId, r.level]).sort(), [
      ['empty-alt', 'error'],
      ['empty-alt', 'error'],
      ['empty-alt', 'error'],
      ['missing-alt', 'error'],
      ['placeholder-alt', 'error'],
      ['placeholder-alt', 'error'],
    ]);
    for (const result of log.runs[0].results) assert.equal(log.runs[0].tool.driver.rules[result.ruleIndex].id, result.ruleId);
  });

  it('is rejected by the same validation when broken, so the check above can fail', async () => {
    const log = await sarifFrom(repo);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the log is broken on purpose, in any shape
    const broken: Array<[string, (l: any) => void]> = [
      ['a result without a message', (l) => delete l.runs[0].results[0].message],
      ['an unknown level', (l) => (l.runs[0].results[0].level = 'fatal')],
      ['another version', (l) => (l.version = '2.2.0')],
      ['a region starting at line 0', (l) => (l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0)],
      ['a rule without an id', (l) => delete l.runs[0].tool.driver.rules[0].id],
      ['an informationUri that is not a URI', (l) => (l.runs[0].tool.driver.informationUri = 'not a uri')],
      ['a property the format does not have', (l) => (l.runs[0].results[0].lineHash = 'x')],
    ];
    for (const [what, breakIt] of broken) {
      const copy = structuredClone(log);
      breakIt(copy);
      assert.equal(validate(copy), false, `${what} was accepted`);
    }
  });

  it('describes each rule with help text and a link to its documentation', async () => {
    const { tool } = (await sarifFrom(repo)).runs[0];
    assert.equal(tool.driver.name, 'local-alt-text');
    assert.equal(tool.driver.version, manifest.version);
    assert.match(tool.driver.informationUri, /^https:\/\/\S+$/);
    assert.deepEqual(
      tool.driver.rules.map((r) => r.id),
      [...RULE_IDS],
      'one rule per rule id, in their order',
    );
    const rulesDoc = fs.readFileSync(path.join(__dirname, '../../../docs/rules.md'), 'utf8');
    for (const rule of tool.driver.rules) {
      for (const text of [rule.name, rule.shortDescription.text, rule.fullDescription.text, rule.help.text, rule.help.markdown])
        assert.ok(text.trim().length > 0, `${rule.id}: empty text`);
      assert.ok(rule.help.markdown.length > rule.shortDescription.text.length, `${rule.id}: help says no more than the short description`);
      assert.doesNotMatch(rule.help.text, /`/, `${rule.id}: the plain help text has Markdown in it`);
      // The link's anchor is a heading of docs/rules.md (GitHub's anchors: lower case, spaces as dashes).
      const anchor = new URL(rule.helpUri).hash.slice(1);
      assert.equal(anchor, rule.id);
      assert.match(rulesDoc, new RegExp(`^#+ \`?${rule.id}\`?$`, 'm'), `docs/rules.md has no heading for ${rule.id}`);
      assert.match(rule.helpUri, /^https:\/\//);
      if (repositoryUrl((manifest as unknown as { repository?: Parameters<typeof repositoryUrl>[0] }).repository))
        assert.ok(rule.helpUri.includes('/docs/rules.md#'), rule.helpUri);
      assert.equal(rule.shortDescription.text, RULES[rule.id as keyof typeof RULES].summary);
    }
  });

  it('locates results relative to the repository root (%SRCROOT%), from any folder inside it', async () => {
    const fromRoot = await sarifFrom(repo);
    const fromDocs = await sarifFrom(path.join(repo, 'docs'), ['.', '../README.md']);
    assert.deepEqual(fromRoot.runs[0].originalUriBaseIds, { '%SRCROOT%': { uri: pathToFileURL(repo).href + '/' } });
    assert.deepEqual(fromDocs.runs[0].originalUriBaseIds, fromRoot.runs[0].originalUriBaseIds);
    const locations = (log: SarifLog) =>
      log.runs[0].results
        .map((r) => r.locations[0].physicalLocation.artifactLocation)
        .sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    const uris = locations(fromRoot);
    assert.deepEqual(
      uris.map((l) => l.uri),
      ['README.md', 'docs/a%20b/page.html', 'docs/guide.md', 'docs/guide.md', 'docs/guide.md', 'docs/guide.md'],
    );
    for (const location of uris) assert.equal(location.uriBaseId, '%SRCROOT%');
    assert.deepEqual(locations(fromDocs), uris);
    assert.deepEqual(fingerprints(fromDocs).sort(), fingerprints(fromRoot).sort());
  });

  it('outside a git repository, locates results relative to the current folder', async () => {
    const plain = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-sarif-plain-')));
    try {
      writeFile(plain, 'site/index.md', '![](a.png)\n');
      const log = await sarifFrom(plain);
      assertValid(log);
      assert.equal(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(plain).href + '/');
      assert.deepEqual(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation, {
        uri: 'site/index.md',
        uriBaseId: '%SRCROOT%',
      });
    } finally {
      fs.rmSync(plain, { recursive: true, force: true });
    }
  });

  it('fingerprints each finding stably: same across runs and when lines move, distinct for look-alikes', async () => {
    const first = fingerprints(await sarifFrom(repo));
    assert.deepEqual(fingerprints(await sarifFrom(repo)), first, 'two runs on the same files');
    for (const fingerprint of first) assert.match(fingerprint, /^[0-9a-f]{32}$/);
    // The guide has the same image with the same empty alt twice: the occurrence tells them apart.
    assert.equal(new Set(first).size, first.length, 'two findings share a fingerprint');

    writeFile(repo, 'docs/guide.md', `Intro written later.\n\n${GUIDE.replace('# Guide', '# Guide\n\nMore text.')}`);
    try {
      const moved = await sarifFrom(repo);
      const results = moved.runs[0].results.filter((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'docs/guide.md');
      assert.equal(results[0].locations[0].physicalLocation.region.startLine, 7, 'the images did move down');
      assert.deepEqual(fingerprints(moved), first, 'text above the images changed their fingerprints');

      // Changing one image's alt text makes it another finding; the others keep theirs.
      writeFile(repo, 'docs/guide.md', GUIDE.replace('![IMG_1234]', '![DSC0001]'));
      const changed = fingerprints(await sarifFrom(repo));
      assert.equal(changed.filter((f) => !first.includes(f)).length, 1);
    } finally {
      writeFile(repo, 'docs/guide.md', GUIDE);
    }
  });
});
