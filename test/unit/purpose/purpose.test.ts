import assert from 'node:assert/strict';
import type { ImageContext, ImageRef } from '../../../src/markdown/types';
import { COMPLEX_HINT, guessPurpose, linkPurpose, suggestForPurpose, type ImagePurpose } from '../../../src/purpose';

function image(src: string, context?: ImageContext): Pick<ImageRef, 'src' | 'context'> {
  return { src, context };
}

const link = (href: string | null, text = '', kind: 'link' | 'button' = 'link') => ({ link: { kind, href, text } });

describe('image purpose', () => {
  describe('guessPurpose', () => {
    it('reads a badge as text whose alt is its label, in a link or not', () => {
      const plain = guessPurpose(image('https://img.shields.io/npm/v/express'));
      assert.equal(plain.purpose, 'text');
      assert.equal(plain.badge?.alt, 'npm version');
      const linked = guessPurpose(
        image('https://github.com/o/r/actions/workflows/ci.yml/badge.svg', link('https://github.com/o/r/actions')),
      );
      assert.equal(linked.purpose, 'text');
      assert.equal(linked.badge?.alt, 'CI status');
    });

    it('reads an image that is the whole content of a link or button as functional, with the link’s purpose', () => {
      const guess = guessPurpose(image('img/install.png', link('docs/installation.md')));
      assert.equal(guess.purpose, 'functional');
      assert.equal(guess.linkPurpose, 'Go to the installation page');
      const button = guessPurpose(image('img/search.svg', link(null, '', 'button')));
      assert.equal(button.purpose, 'functional');
      assert.equal(button.linkPurpose, undefined);
      assert.match(button.reason, /button/);
    });

    it('reads a thumbnail that links to its full-size picture as informative', () => {
      assert.equal(guessPurpose(image('thumbs/cat.png', link('photos/cat.jpg'))).purpose, 'informative');
    });

    it('reads an image beside the text of its own link as decorative: the text says where it goes', () => {
      const guess = guessPurpose(image('img/arrow.svg', link('next.md', 'Next chapter')));
      assert.equal(guess.purpose, 'decorative');
      assert.equal(guess.linkPurpose, 'Next chapter');
    });

    it('reads spacers as decorative: 1x1 by their size, or by their name', () => {
      assert.equal(guessPurpose(image('img/x.gif', { size: { width: 1, height: 1 } })).purpose, 'decorative');
      assert.equal(guessPurpose(image('img/rule.png', { size: { width: 600, height: 1 } })).purpose, 'decorative');
      assert.equal(guessPurpose(image('images/spacer.gif')).purpose, 'decorative');
      assert.equal(guessPurpose(image('/static/1x1.png')).purpose, 'decorative');
    });

    it('reads a small icon beside text as decorative, not a small image alone or a large one beside text', () => {
      const icon = guessPurpose(image('img/warning.svg', { size: { width: 16, height: 16 }, besideText: true }));
      assert.equal(icon.purpose, 'decorative');
      assert.match(icon.reason, /16 px icon/);
      assert.equal(guessPurpose(image('img/warning.svg', { size: { width: 16 }, besideText: true })).purpose, 'decorative');
      assert.equal(guessPurpose(image('img/warning.svg', { size: { width: 16, height: 16 } })).purpose, 'informative');
      assert.equal(guessPurpose(image('img/photo.png', { size: { width: 640, height: 16 }, besideText: true })).purpose, 'informative');
      assert.equal(guessPurpose(image('img/icons/gear.svg', { besideText: true })).purpose, 'decorative');
      assert.equal(guessPurpose(image('img/photo.png', { besideText: true })).purpose, 'informative');
    });

    it('reads everything else as informative', () => {
      assert.equal(guessPurpose(image('images/chelsea.png')).purpose, 'informative');
      assert.equal(guessPurpose(image('images/chelsea.png', { title: 'Chelsea', caption: 'Our cat' })).purpose, 'informative');
    });
  });

  describe('linkPurpose', () => {
    const cases: [href: string | null, text: string, purpose: string | undefined][] = [
      ['docs/installation.md', '', 'Go to the installation page'],
      ['./getting-started/', '', 'Go to the getting started page'],
      ['guide/README.md', '', 'Go to the guide page'],
      ['CONTRIBUTING.md', '', 'Go to the contributing page'],
      ['docs/API.md#usage', '', 'Go to the API page'],
      ['/', '', 'Go to the home page'],
      ['#configuration-options', '', 'Go to the configuration options section'],
      ['https://github.com/microsoft/vscode', '', 'vscode on GitHub'],
      ['https://github.com/microsoft/vscode/releases', '', 'vscode on GitHub'],
      ['https://www.npmjs.com/package/@types/node', '', '@types/node on npm'],
      ['https://pypi.org/project/requests/', '', 'requests on PyPI'],
      [
        'https://marketplace.visualstudio.com/items?itemName=esbenp.prettier-vscode',
        '',
        'prettier-vscode in the Visual Studio Marketplace',
      ],
      ['https://www.youtube.com/watch?v=abc', '', 'Watch on YouTube'],
      ['https://discord.gg/abc', '', 'Join the Discord server'],
      ['https://example.com/', '', 'example.com home page'],
      ['https://docs.example.com/guides/quick-start.html', '', 'Quick start on docs.example.com'],
      ['mailto:team@example.com?subject=Hi', '', 'Email team@example.com'],
      ['tel:+441234567', '', 'Call +441234567'],
      ['photos/cat.jpg', '', 'Open the full-size image'],
      ['https://example.com/photos/cat.png?w=2000', '', 'Open the full-size image'],
      ['docs/installation.md', 'Install it', 'Install it'],
      [null, '', undefined],
      ['javascript:void(0)', '', undefined],
    ];
    for (const [href, text, purpose] of cases)
      it(`${href ?? 'no destination'}${text ? ` with "${text}"` : ''}: ${purpose ?? 'nothing'}`, () => {
        assert.equal(linkPurpose({ kind: 'link', href, text }), purpose);
      });
  });

  describe('suggestForPurpose', () => {
    const caption = 'A cat sitting on a sofa';
    const all = (src: string, context?: ImageContext, visibleText?: string) => {
      const guess = guessPurpose(image(src, context));
      const out: Partial<Record<ImagePurpose, ReturnType<typeof suggestForPurpose>>> = {};
      for (const p of ['informative', 'decorative', 'functional', 'text', 'complex'] as const)
        out[p] = suggestForPurpose(p, guess, { caption, visibleText });
      return out;
    };

    it('decorative marks the image decorative, whatever else is known', () => {
      assert.deepEqual(all('https://img.shields.io/npm/v/x', link('https://npmjs.com/package/x')).decorative, {
        purpose: 'decorative',
        decorative: true,
      });
    });

    it('informative is the caption', () => {
      assert.equal(all('cat.png', link('docs/cats.md')).informative?.alt, caption);
    });

    it('functional is the link’s purpose, and the badge’s label for a badge outside a link', () => {
      assert.equal(all('cat.png', link('docs/cats.md')).functional?.alt, 'Go to the cats page');
      assert.equal(all('https://badgen.net/npm/v/x').functional?.alt, 'npm version');
      const unknown = all('cat.png', link(null, '', 'button')).functional;
      assert.equal(unknown?.decorative, false);
      assert.equal(unknown?.alt, caption);
      assert.ok(unknown?.hint, 'a button that says nothing of its action asks the writer to say it');
    });

    it('text is the badge’s label, else the text read in the image, else the caption with a hint', () => {
      assert.equal(all('https://img.shields.io/badge/license-MIT-blue').text?.alt, 'license: MIT');
      assert.equal(all('settings.png', undefined, 'Enable telemetry').text?.alt, 'Enable telemetry');
      const fallback = all('settings.png').text;
      assert.equal(fallback?.alt, caption);
      assert.ok(fallback?.hint);
    });

    it('complex is a short alt plus the hint to describe it in the text', () => {
      const complex = all('architecture.png').complex;
      assert.equal(complex?.alt, caption);
      assert.equal(complex?.hint, COMPLEX_HINT);
    });

    it('gives no alt where nothing supplies one, rather than an invented one', () => {
      const guess = guessPurpose(image('https://img.shields.io/npm/v/x'));
      const informative = suggestForPurpose('informative', guess, {});
      assert.equal(informative.alt, undefined);
    });
  });
});
