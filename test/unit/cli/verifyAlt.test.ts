import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ruleConfig } from '../../../src/rules';
import { mismatchedAltProblem } from '../../../src/rules/mismatchedAlt';
import { runCheck } from '../../helpers/runCli';
import { ITM_CHECKPOINT, itmGolden, itmImagePath, type ItmGolden } from '../inference/itm-fixtures';
import { checkpointDir } from '../inference/parity-fixtures';

const TOLERANCE = 1e-4;

interface Pair {
  image: string;
  file: string;
  text: string;
  itm: number;
  cosine: number;
}

interface JsonImage {
  file: string;
  src: string;
  alt: string | null;
  altState: string;
  problems: { rule: string; severity: string; message: string }[];
  match?: { itm: number; cosine: number } | { notScored: string };
}

/**
 * Two image x alt pairs from the reference, the least and the best matching among the kit's
 * descriptive captions (the texts the scanner takes as real alt text), on different images.
 */
function pickPairs(g: ItmGolden): { low: Pair; high: Pair } {
  const pairs: Pair[] = [];
  for (const [name, image] of Object.entries(g.images)) {
    for (const s of image.scores.filter((score) => score.text <= 5)) {
      pairs.push({ image: name, file: itmImagePath(image), text: g.texts[s.text].text, itm: s.itm_match_prob, cosine: s.cosine });
    }
  }
  pairs.sort((a, b) => a.itm - b.itm);
  const low = pairs[0];
  const high = pairs.reverse().find((p) => p.image !== low.image)!;
  assert.ok(high.itm - low.itm > 0.1, 'the reference has pairs far enough apart to put a threshold between');
  return { low, high };
}

describe('local-alt-text check --verify-alt', () => {
  let project: string;
  let cacheDir: string;
  let low: Pair;
  let high: Pair;
  let threshold: number;

  before(async () => {
    ({ low, high } = pickPairs(await itmGolden()));
    threshold = (low.itm + high.itm) / 2;
    project = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'alt-verify-')));
    cacheDir = path.join(project, '.cache');
    fs.mkdirSync(path.join(project, '.git'));
    fs.mkdirSync(path.join(project, 'docs/img'), { recursive: true });
    const lowName = `low${path.extname(low.file)}`;
    const highName = `high${path.extname(high.file)}`;
    fs.copyFileSync(low.file, path.join(project, 'docs/img', lowName));
    fs.copyFileSync(high.file, path.join(project, 'docs/img', highName));
    // The same picture under a second name, with the same alt: read and scored once, reported twice.
    fs.copyFileSync(low.file, path.join(project, 'docs/img', `copy-${lowName}`));
    fs.writeFileSync(
      path.join(project, 'docs/guide.md'),
      [
        `![${low.text}](img/${lowName})`,
        '',
        `<img src="img/${highName}" alt="${high.text}">`,
        '',
        `![${low.text}](img/copy-${lowName})`,
        '',
        '![](img/no-alt.png) ![A lighthouse at dusk](https://cdn.example.com/l.png) ![A harbour](img/gone.png)',
        '',
      ].join('\n'),
    );
  });

  after(() => project && fs.rmSync(project, { recursive: true, force: true }));

  const check = (...args: string[]) =>
    runCheck(['docs', '--verify-alt', '--match-model', ITM_CHECKPOINT, '--cache-dir', cacheDir, ...args], project);

  /** Runs `work` with docs/only.md holding the least matching pair alone (removed after), given the arguments that check it. */
  async function withOnlyDocument(work: (args: string[]) => Promise<void>): Promise<void> {
    const only = path.join(project, 'docs/only.md');
    fs.writeFileSync(only, `![${low.text}](img/low${path.extname(low.file)})\n`);
    try {
      await work(['docs/only.md', '--verify-alt', '--match-model', ITM_CHECKPOINT, '--cache-dir', cacheDir]);
    } finally {
      fs.rmSync(only);
    }
  }

  it('reports mismatched-alt, a warning, on the alt text below the threshold only, with the reference scores', async () => {
    const run = await check('--match-threshold', String(threshold), '--format', 'json');
    assert.equal(run.code, 1, `the image without alt text still fails the check\n${run.stderr}`);
    const images = JSON.parse(run.stdout).images as JsonImage[];
    const [lowImage, highImage, copy, noAlt, remote, gone] = images;
    for (const [image, pair] of [
      [lowImage, low],
      [highImage, high],
      [copy, low],
    ] as const) {
      assert.ok(image.match && 'itm' in image.match, `${image.src} was scored`);
      assert.ok(Math.abs(image.match.itm - pair.itm) < TOLERANCE, `${image.src}: itm ${image.match.itm} vs ${pair.itm}`);
      assert.ok(Math.abs(image.match.cosine - pair.cosine) < TOLERANCE, `${image.src}: cosine ${image.match.cosine} vs ${pair.cosine}`);
    }
    assert.deepEqual(
      lowImage.problems.map((p) => [p.rule, p.severity]),
      [['mismatched-alt', 'warning']],
    );
    assert.match(lowImage.problems[0].message, new RegExp(`^alt text "${low.text}" may not describe the image`));
    // The copy has the first image's alt under another file name: duplicate-alt, from the scan's rules,
    // then the same mismatched-alt as the first.
    assert.deepEqual(
      copy.problems.map((p) => p.rule),
      ['duplicate-alt', 'mismatched-alt'],
    );
    assert.deepEqual(copy.problems[1], lowImage.problems[0]);
    assert.deepEqual(highImage.problems, []);
    assert.equal(noAlt.altState, 'missing');
    assert.equal(noAlt.match, undefined, 'an image without alt text is not scored');
    assert.deepEqual(remote.match, { notScored: 'a remote image is not fetched (https://cdn.example.com/l.png)' });
    assert.deepEqual(gone.match, { notScored: 'no such image file: docs/img/gone.png' });
    assert.match(run.stderr, /docs\/guide\.md:7:\d+: alt text not verified: a remote image is not fetched/);
  });

  it('a mismatch alone is a warning: the check passes, and text and SARIF carry the rule', async () => {
    await withOnlyDocument(async (args) => {
      const text = await runCheck([...args, '--match-threshold', String(threshold)], project);
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /^docs\/only\.md:1:1 {2}warning {2}alt text ".*" may not describe the image: .* {2}mismatched-alt$/m);
      assert.match(text.stdout, /^1 alt text may not describe its image \(of 1 scored\)\.$/m);

      const sarif = await runCheck([...args, '--match-threshold', String(threshold), '--format', 'sarif'], project);
      assert.equal(sarif.code, 0, sarif.stderr);
      const { results } = JSON.parse(sarif.stdout).runs[0];
      assert.deepEqual(
        results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]),
        [['mismatched-alt', 'warning']],
      );

      const above = await runCheck([...args, '--match-threshold', String(low.itm / 2)], project);
      assert.equal(above.code, 0);
      assert.doesNotMatch(above.stdout, /mismatched-alt/);
      assert.match(above.stdout, /^0 alt texts may not describe their images \(of 1 scored\)\.$/m);

      // A warning counts against --max-warnings like the other rules' warnings.
      const strict = await runCheck([...args, '--match-threshold', String(threshold), '--max-warnings', '0'], project);
      assert.equal(strict.code, 1, strict.stderr);
      assert.match(strict.stderr, /1 warnings?, more than --max-warnings 0 allows/);
    });
  });

  it('takes the rule\'s severity from the project configuration\'s "rules", and reports nothing while it is off', async () => {
    const config = path.join(project, '.localalttext.json');
    await withOnlyDocument(async (only) => {
      const args = [...only, '--match-threshold', String(threshold)];
      try {
        fs.writeFileSync(config, JSON.stringify({ rules: { 'mismatched-alt': 'error' } }));
        const error = await runCheck([...args, '--format', 'sarif'], project);
        assert.equal(error.code, 1, 'an error-severity rule fails the check');
        const run = JSON.parse(error.stdout).runs[0];
        assert.deepEqual(
          run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level]),
          [['mismatched-alt', 'error']],
        );
        const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'mismatched-alt');
        assert.match(rule.helpUri, /docs\/rules\.md#mismatched-alt$/);

        fs.writeFileSync(config, JSON.stringify({ rules: { 'mismatched-alt': 'off' } }));
        const off = await runCheck([...args, '--format', 'json'], project);
        assert.equal(off.code, 0, off.stderr);
        const [image] = JSON.parse(off.stdout).images as JsonImage[];
        assert.ok(image.match && 'itm' in image.match, 'still scored, and the score still listed');
        assert.deepEqual(image.problems, []);
      } finally {
        fs.rmSync(config, { force: true });
      }
    });
  });

  it('takes the threshold from the project configuration, and the flag over it', async () => {
    const config = path.join(project, '.localalttext.json');
    // Above both pairs: both are reported.
    fs.writeFileSync(config, JSON.stringify({ verifyAlt: { threshold: Math.min(1, high.itm + 0.01) } }));
    try {
      const fromConfig = JSON.parse((await check('--format', 'json')).stdout).images as JsonImage[];
      assert.deepEqual(
        fromConfig.map((i) => i.problems.map((p) => p.rule)),
        [['mismatched-alt'], ['mismatched-alt'], ['duplicate-alt', 'mismatched-alt'], ['empty-alt'], [], []],
      );
      const fromFlag = JSON.parse((await check('--format', 'json', '--match-threshold', String(threshold))).stdout).images as JsonImage[];
      assert.deepEqual(
        fromFlag.map((i) => i.problems.map((p) => p.rule)),
        [['mismatched-alt'], [], ['duplicate-alt', 'mismatched-alt'], ['empty-alt'], [], []],
      );
      fs.writeFileSync(config, JSON.stringify({ verifyAlt: { threshold: 2 } }));
      const bad = await check();
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /\.localalttext\.json: "verifyAlt\.threshold" must be a probability from 0 to 1, not 2/);
    } finally {
      fs.rmSync(config);
    }
  });

  it('without --verify-alt scores nothing and reports no mismatched-alt', async () => {
    const run = await runCheck(['docs', '--format', 'json'], project);
    assert.equal(run.code, 1, `the image without alt text still fails the check\n${run.stderr}`);
    const images = JSON.parse(run.stdout).images as JsonImage[];
    assert.equal(images.length, 6, 'every image of the guide is reported');
    for (const image of images) {
      assert.equal(image.match, undefined);
      assert.ok(!image.problems.some((p) => p.rule === 'mismatched-alt'), `${image.src}: ${JSON.stringify(image.problems)}`);
    }
  });

  it('refuses bad options and a captioning model, naming them', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['docs', '--verify-alt'], /--verify-alt needs --match-model/],
      [['docs', '--match-model', ITM_CHECKPOINT], /--match-model is only used with --verify-alt/],
      [
        ['docs', '--verify-alt', '--match-model', ITM_CHECKPOINT, '--match-threshold', '1.5'],
        /--match-threshold must be a probability from 0 to 1, not '1\.5'/,
      ],
      [['docs', '--verify-alt', '--match-model', ITM_CHECKPOINT, '--match-threshold', 'high'], /--match-threshold must be a probability/],
      [['docs', '--verify-alt', '--match-model', path.join(project, 'none')], /--match-model .*none: no such folder/],
      [
        ['docs', '--verify-alt', '--match-model', checkpointDir('blip-reference'), '--cache-dir', cacheDir],
        /is a BLIP captioning model; matching needs an image-text matching checkpoint/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await runCheck(args, project);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message, args.join(' '));
    }
  });
});

describe('mismatchedAltProblem', () => {
  it('is a problem strictly below the threshold, and says the score and the threshold apart', () => {
    assert.equal(mismatchedAltProblem({ alt: 'a cat', itm: 0.3 }, 0.3), undefined);
    assert.equal(mismatchedAltProblem({ alt: 'a cat', itm: 0.9 }, 0.3), undefined);
    const problem = mismatchedAltProblem({ alt: 'a cat', itm: 0.29996 }, 0.3, ruleConfig({ levels: { 'mismatched-alt': 'error' } }));
    assert.deepEqual(problem && [problem.rule, problem.severity], ['mismatched-alt', 'error']);
    assert.equal(mismatchedAltProblem({ alt: 'a cat', itm: 0.05 }, 0.3)!.severity, 'warning', 'a warning by default');
    assert.equal(mismatchedAltProblem({ alt: 'a cat', itm: 0.05 }, 0.3, ruleConfig({ levels: { 'mismatched-alt': 'off' } })), undefined);
    assert.match(problem!.message, /gives it 0\.29996, below the threshold 0\.3$/);
    assert.match(mismatchedAltProblem({ alt: 'a cat', itm: 0.05 }, 0.3)!.message, /gives it 0\.05, below the threshold 0\.3$/);
  });
});
