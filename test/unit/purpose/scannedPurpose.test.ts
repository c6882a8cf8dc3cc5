import assert from 'node:assert/strict';
import { guessPurpose, scanDocument, type DocumentKind } from '../../../src/markdown';

/** The likely purpose of every image the scanner finds in a document, with the link's purpose. */
function purposes(text: string, kind: DocumentKind): [src: string, purpose: string, linkPurpose?: string][] {
  return scanDocument(text, kind).map((image) => {
    const guess = guessPurpose(image);
    return guess.linkPurpose ? [image.src, guess.purpose, guess.linkPurpose] : [image.src, guess.purpose];
  });
}

describe('purpose of scanned images', () => {
  it('Markdown: a badge, a linked image, an icon beside text, a spacer, an image beside its link’s text, a picture', () => {
    const text = [
      '[![](https://github.com/o/r/actions/workflows/ci.yml/badge.svg)](https://github.com/o/r/actions)',
      '',
      '[![](img/install.png)](docs/installation.md)',
      '',
      'Click <img src="img/gear.svg" width="16" height="16"> to open the settings.',
      '',
      '<img src="img/dot.gif" width="1" height="1">',
      '',
      '[![](img/arrow.svg) Next chapter](next.md)',
      '',
      '![](img/team.jpg)',
    ].join('\n');
    assert.deepEqual(purposes(text, 'markdown'), [
      ['https://github.com/o/r/actions/workflows/ci.yml/badge.svg', 'text', 'r on GitHub'],
      ['img/install.png', 'functional', 'Go to the installation page'],
      ['img/gear.svg', 'decorative'],
      ['img/dot.gif', 'decorative'],
      ['img/arrow.svg', 'decorative', 'Next chapter'],
      ['img/team.jpg', 'informative'],
    ]);
  });

  it('HTML: a logo that links home, a button, a thumbnail that opens its picture', () => {
    const text = `<!DOCTYPE html><html><body>
<a href="/"><img src="logo.png"></a>
<button type="submit"><img src="search.svg"></button>
<a href="photos/cat.jpg"><img src="thumbs/cat.jpg"></a>
</body></html>`;
    assert.deepEqual(purposes(text, 'html'), [
      ['logo.png', 'functional', 'Go to the home page'],
      ['search.svg', 'functional'],
      ['thumbs/cat.jpg', 'informative', 'Open the full-size image'],
    ]);
  });
});
