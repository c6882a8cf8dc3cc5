import { strict as assert } from 'node:assert';
import { documentKindFor, scanDocument, type ImageRef } from '../../../src/markdown';
import {
  defaultRuleConfig,
  judgeImages,
  looksLikeFileName,
  parseRuleSettings,
  RULE_IDS,
  ruleConfig,
  ruleProblem,
  RULES,
  type Problem,
  type RuleId,
} from '../../../src/rules';

/** An image as the scanner gives it, from Markdown or HTML text. */
function scanned(text: string, file = 'doc.md'): ImageRef[] {
  return scanDocument(text, documentKindFor(file)!);
}

/** The problems of each image of `text`, as [rule, severity] pairs. */
function rulesOf(text: string, config = defaultRuleConfig(), file = 'doc.md'): Array<Array<[RuleId, string]>> {
  return judgeImages(scanned(text, file), config).map((problems) => problems.map((p) => [p.rule, p.severity]));
}

/** A hand-built image with an alt text and a context, for rules that read what surrounds it. */
function image(alt: string | null, extra: Partial<ImageRef> = {}): ImageRef {
  return { range: { start: 0, end: 10 }, syntax: 'html', src: 'pic.png', alt, altState: alt ? 'ok' : 'missing', ...extra };
}

function only(problems: Problem[][]): Problem[] {
  return problems.flat();
}

describe('rules', () => {
  it('the catalog has every rule id, and each default is a severity', () => {
    assert.deepEqual(Object.keys(RULES), [...RULE_IDS]);
    for (const id of RULE_IDS) {
      assert.equal(RULES[id].id, id);
      assert.ok(['error', 'warning', 'info'].includes(RULES[id].defaultSeverity));
    }
    assert.equal(RULES['redundant-prefix'].defaultSeverity, 'warning', 'a descriptive alt with a prefix must not fail check');
    assert.equal(RULES['missing-alt'].defaultSeverity, 'error');
  });

  describe('missing-alt', () => {
    it('reports an image with no alt at all', () => {
      assert.deepEqual(rulesOf('<img src="a.png">\n', undefined, 'doc.html'), [[['missing-alt', 'error']]]);
    });
    it('is quiet on an image with alt text, and on one marked decorative', () => {
      assert.deepEqual(rulesOf('<img src="a.png" alt="A red barn"> <img src="b.png" role="presentation">\n', undefined, 'doc.html'), [
        [],
        [],
      ]);
    });
  });

  describe('empty-alt', () => {
    it('reports an empty Markdown alt by default, not an explicit HTML alt=""', () => {
      assert.deepEqual(rulesOf('![](a.png) <img src="b.png" alt="">\n'), [[['empty-alt', 'error']], []]);
    });
    it('reports alt="" too with includeExplicitEmpty', () => {
      const config = ruleConfig({ options: { includeExplicitEmpty: true } });
      assert.deepEqual(rulesOf('<img src="b.png" alt="">\n', config, 'doc.html'), [[['empty-alt', 'error']]]);
    });
    it('leaves an empty alt that the writer marked decorative', () => {
      assert.deepEqual(rulesOf('![](divider.png)<!-- alt-text: decorative -->\n'), [[]]);
    });
  });

  describe('placeholder-alt', () => {
    const cases = [
      'Alt text',
      'image',
      'a.png',
      'IMG_1234',
      'IMG_1234.JPG',
      'Screen Shot 2020-01-01 at 10.00.00',
      'Screencast from 2024-05-01 10-12-13',
      'TODO',
      'FIXME',
      'TBD',
      '3f2a9c1b7d',
      '0b6f1c52-9c1e-4c3e-a7f2-54b0f1d8e2aa',
      'My holiday photo.jpg',
    ];
    for (const alt of cases) {
      it(`reports "${alt}"`, () => {
        const [problems] = judgeImages(scanned(`![${alt}](a.png)\n`), defaultRuleConfig());
        assert.deepEqual(
          problems.map((p) => p.rule),
          ['placeholder-alt'],
        );
        assert.match(problems[0].message, new RegExp(`"${alt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
      });
    }
    it('is quiet on alt text that describes', () => {
      assert.deepEqual(rulesOf('![A lighthouse at dusk](a.png) ![Todo list app with three items](t.png)\n'), [[], []]);
    });
  });

  describe('filename-alt', () => {
    it("reports another file's name as alt text, but not the image's own (a placeholder)", () => {
      assert.deepEqual(rulesOf('![email-success-formatted.png](signup.png) ![signup.png](signup.png)\n'), [
        [['filename-alt', 'error']],
        [['placeholder-alt', 'error']],
      ]);
    });
    it('knows file names with other extensions and file stems, and not product names or words', () => {
      for (const alt of ['email-success-formatted.png', 'report.pdf', 'email-success-formatted', 'fig_3', 'step-2', 'diagram.drawio'])
        assert.ok(looksLikeFileName(alt), alt);
      for (const alt of ['Node.js', 'T-shirt', 'e-mail', 'A cat.', 'Vue.js', 'Settings']) assert.ok(!looksLikeFileName(alt), alt);
    });
  });

  describe('redundant-prefix', () => {
    it('warns on "Picture of", with the rest of the alt as the suggestion', () => {
      const [problems] = judgeImages(scanned('![Picture of the team at the offsite](t.png)\n'), defaultRuleConfig());
      assert.deepEqual(problems, [
        {
          rule: 'redundant-prefix',
          severity: 'warning',
          message: 'Alt text of image "t.png" starts with "Picture of": screen readers already say it is an image',
          suggestion: 'The team at the offsite',
        },
      ]);
    });
    it('knows "image of", "a photo of" and "photograph showing", not "Screenshot of" or "Photographer at work"', () => {
      assert.deepEqual(
        rulesOf(
          '![Image of a dog](a.png) ![A photo of a lake](b.png) ![Photograph showing a bridge](c.png) ![Screenshot of the settings page](d.png) ![Photographer at work](e.png)\n',
        ).map((p) => p.map(([rule]) => rule)),
        [['redundant-prefix'], ['redundant-prefix'], ['redundant-prefix'], [], []],
      );
    });
  });

  describe('alt-too-long', () => {
    const long = 'A '.repeat(75) + 'x'; // 151 characters
    it('warns over 150 characters by default, not at 150', () => {
      assert.equal(long.length, 151);
      assert.deepEqual(rulesOf(`![${long}](a.png) ![${long.slice(0, 150)}](b.png)\n`), [[['alt-too-long', 'warning']], []]);
    });
    it('counts characters, not UTF-16 units, and follows maxCharacters', () => {
      const emoji = '🐱'.repeat(150);
      assert.deepEqual(rulesOf(`![${emoji}](a.png)\n`), [[]]);
      assert.deepEqual(rulesOf(`![${'word '.repeat(10)}](a.png)\n`, ruleConfig({ options: { maxCharacters: 20 } })), [
        [['alt-too-long', 'warning']],
      ]);
    });
  });

  describe('duplicate-alt', () => {
    it('warns on a later, different image with the same alt, naming the first', () => {
      const problems = judgeImages(scanned('![Settings dialog](general.png)\n\n![settings dialog.](privacy.png)\n'), defaultRuleConfig());
      assert.deepEqual(problems[0], []);
      assert.equal(problems[1].length, 1);
      assert.equal(problems[1][0].rule, 'duplicate-alt');
      assert.match(problems[1][0].message, /"privacy\.png" has the same alt text as image "general\.png"/);
    });
    it('is quiet on the same image twice and on GitHub light and dark variants', () => {
      assert.deepEqual(rulesOf('![Acme logo](logo.png) ![Acme logo](logo.png?v=2)\n'), [[], []]);
      assert.deepEqual(rulesOf('![Acme](logo-light.png#gh-light-mode-only) ![Acme](logo-dark.png#gh-dark-mode-only)\n'), [[], []]);
    });
    it('looks within one document only', () => {
      assert.deepEqual(rulesOf('![A chart](a.png)\n'), [[]]);
      assert.deepEqual(rulesOf('![A chart](b.png)\n'), [[]], 'the same alt on another image in another document');
    });
  });

  describe('alt-repeats-text (on hand-built context)', () => {
    it('warns when the alt equals the caption or the title', () => {
      const problems = judgeImages(
        [
          image('Revenue by quarter', { context: { caption: 'Revenue by quarter.' } }),
          image('Coffee', { src: 'c.png', context: { title: 'coffee' } }),
          image('Bar chart: revenue grew each quarter', { src: 'r.png', context: { caption: 'Revenue by quarter' } }),
        ],
        defaultRuleConfig(),
      );
      assert.deepEqual(
        problems.map((p) => p.map((x) => [x.rule, x.severity])),
        [[['alt-repeats-text', 'warning']], [['alt-repeats-text', 'warning']], []],
      );
      assert.match(problems[0][0].message, /repeats its caption/);
      assert.match(problems[1][0].message, /repeats its title/);
    });
  });

  describe('functional-image (on hand-built context)', () => {
    const link = (href: string | null, text = '') => ({ link: { kind: 'link' as const, href, text } });
    it('reports the only content of a link with no alt, with the link as the suggestion, instead of missing-alt', () => {
      const [problems] = judgeImages([image(null, { context: link('https://github.com/acme/widget/actions') })], defaultRuleConfig());
      assert.equal(problems.length, 1);
      assert.equal(problems[0].rule, 'functional-image');
      assert.equal(problems[0].severity, 'error');
      assert.equal(problems[0].suggestion, 'widget on GitHub');
      assert.match(problems[0].message, /where the link goes/);
    });
    it('reports a placeholder, an empty or a decorative image as a whole link, and a button without a suggestion', () => {
      const problems = judgeImages(
        [
          image('logo.png', {
            src: 'logo.png',
            altState: 'placeholder',
            reason: 'equals the file name',
            context: link('https://example.com/'),
          }),
          image('', { altState: 'empty', context: link('docs/installation.md') }),
          image(null, { altState: 'decorative', context: link('mailto:help@example.com') }),
          image(null, { context: { link: { kind: 'button', href: null, text: '' } } }),
        ],
        defaultRuleConfig(),
      );
      assert.deepEqual(
        problems.map((p) => p.map((x) => x.rule)),
        [['functional-image'], ['functional-image'], ['functional-image'], ['functional-image']],
      );
      assert.deepEqual(
        problems.map((p) => p[0].suggestion),
        ['example.com home page', 'Go to the installation page', 'Email help@example.com', undefined],
      );
      assert.match(problems[3][0].message, /what the button does/);
    });
    it('is quiet on a link whose image has alt text, or with text beside the image', () => {
      const problems = judgeImages(
        [
          image('Build status', { context: link('https://ci.example.com') }),
          image(null, { context: link('https://ci.example.com', 'Build') }),
        ],
        defaultRuleConfig(),
      );
      assert.deepEqual(
        problems.map((p) => p.map((x) => x.rule)),
        [[], ['missing-alt']],
      );
    });
    it('when off, leaves the image to the alt-state rules', () => {
      const config = ruleConfig({ levels: { 'functional-image': 'off' } });
      assert.deepEqual(
        judgeImages([image(null, { context: link('https://example.com') })], config).map((p) => p.map((x) => x.rule)),
        [['missing-alt']],
      );
    });
  });

  describe('the rules that read context, on scanned documents', () => {
    it('alt-repeats-text: a figcaption, a Markdown title, an HTML title', () => {
      const html = '<figure><img src="q3.png" alt="Revenue by quarter"><figcaption>Revenue by quarter</figcaption></figure>\n';
      assert.deepEqual(rulesOf(html, undefined, 'doc.html'), [[['alt-repeats-text', 'warning']]]);
      assert.deepEqual(rulesOf('![A cup of coffee](c.jpg "A cup of coffee.")\n'), [[['alt-repeats-text', 'warning']]]);
      assert.deepEqual(rulesOf('<img src="c.jpg" alt="Espresso" title="espresso">\n', undefined, 'doc.html'), [
        [['alt-repeats-text', 'warning']],
      ]);
      assert.deepEqual(rulesOf('![A cup of coffee](c.jpg "Our break room")\n'), [[]]);
    });
    it('functional-image: a Markdown linked image, an HTML link and a button, each the whole content', () => {
      const problems = judgeImages(
        scanned('[![](badge.svg)](https://github.com/acme/widget/actions)\n\n[![](p.svg) Print](print.html)\n'),
        defaultRuleConfig(),
      );
      assert.deepEqual(
        problems.map((p) => p.map((x) => x.rule)),
        [['functional-image'], ['empty-alt']],
        'an image beside text in the link is not its whole content',
      );
      assert.equal(problems[0][0].suggestion, 'widget on GitHub');
      const html = judgeImages(
        scanned('<a href="/docs/install.html"><img src="i.png"></a> <button type="button"><img src="x.svg" alt=""></button>\n', 'doc.html'),
        defaultRuleConfig(),
      );
      assert.deepEqual(
        html.map((p) => p.map((x) => [x.rule, x.suggestion])),
        [[['functional-image', 'Go to the install page']], [['functional-image', undefined]]],
      );
      assert.deepEqual(rulesOf('[![Build status](ci.svg)](https://ci.example.com)\n'), [[]], 'alt text that names the link');
    });
  });

  describe('mismatched-alt', () => {
    it('is made by the check that scores the image, at its configured severity, or not at all when off', () => {
      assert.deepEqual(ruleProblem(defaultRuleConfig(), 'mismatched-alt', 'scored 0.02'), {
        rule: 'mismatched-alt',
        severity: 'warning',
        message: 'scored 0.02',
      });
      assert.equal(ruleProblem(ruleConfig({ levels: { 'mismatched-alt': 'off' } }), 'mismatched-alt', 'x'), undefined);
      assert.equal(ruleProblem(ruleConfig({ levels: { 'mismatched-alt': 'error' } }), 'mismatched-alt', 'x', 'A cat')?.suggestion, 'A cat');
    });
    it('is never reported by the scan alone', () => {
      assert.ok(!only(judgeImages(scanned('![A dog](cat.png)\n'), defaultRuleConfig())).some((p) => p.rule === 'mismatched-alt'));
    });
  });

  describe('configuration', () => {
    it('turns rules off and changes severities, layer over layer', () => {
      const config = ruleConfig({ levels: { 'redundant-prefix': 'off', 'empty-alt': 'warning' } }, { levels: { 'empty-alt': 'info' } });
      assert.deepEqual(rulesOf('![](a.png) ![Picture of a cat](b.png)\n', config), [[['empty-alt', 'info']], []]);
    });
    it('lists the problems of an image in the order of the rules', () => {
      const long = `Picture of ${'a very long description '.repeat(8)}`;
      const [, second] = judgeImages(scanned(`![${long}](a.png) ![${long}](b.png)\n`), defaultRuleConfig());
      assert.deepEqual(
        second.map((p) => p.rule),
        ['redundant-prefix', 'alt-too-long', 'duplicate-alt'],
      );
    });
    it('reads levels and options as the project file writes them', () => {
      assert.deepEqual(parseRuleSettings({ 'missing-alt': 'warning', 'alt-too-long': { severity: 'off', maxCharacters: 200 } }), {
        levels: { 'missing-alt': 'warning', 'alt-too-long': 'off' },
        options: { maxCharacters: 200 },
      });
    });
    it('names what is wrong', () => {
      assert.throws(() => parseRuleSettings({ 'missing-alts': 'off' }), /unknown rule "rules\.missing-alts"/);
      assert.throws(() => parseRuleSettings({ 'missing-alt': 'fatal' }), /"rules\.missing-alt" must be one of error, warning, info, off/);
      assert.throws(
        () => parseRuleSettings({ 'alt-too-long': { maxCharacters: 0 } }),
        /"rules\.alt-too-long\.maxCharacters" must be a whole number/,
      );
      assert.throws(
        () => parseRuleSettings({ 'missing-alt': { threshold: 1 } }),
        /unknown setting "rules\.missing-alt\.threshold" \(known: severity\)/,
      );
      assert.throws(() => parseRuleSettings(['missing-alt']), /must map rule ids/);
    });
  });
});
