import { strict as assert } from 'node:assert';
import { judgeAlt, placeholderReason } from '../../../src/markdown/altState';

describe('alt text judgement', () => {
  const placeholders: Array<[alt: string, src: string, reason: RegExp]> = [
    ['cat.png', 'images/cat.png', /file name$/],
    ['Cat.PNG', 'images/cat.png', /file name$/],
    ['cat', 'images/cat.png?v=2#top', /without its extension/],
    ['my cat', 'images/my%20cat.jpg', /without its extension/],
    ['https://example.com/a.png', 'https://example.com/a.png', /file name|image source/],
    ['image', 'a.png', /generic word "image"/],
    ['  Screenshot  ', 'a.png', /generic word "screenshot"/],
    ['Picture', 'a.png', /generic word/],
    ['photo', 'a.png', /generic word/],
    ['img', 'a.png', /generic word/],
    ['graphic', 'a.png', /generic word/],
    ['untitled', 'a.png', /generic word/],
    ['image 3', 'a.png', /with a number/],
    ['screenshot-12', 'a.png', /with a number/],
    ['IMG_1234', 'a.png', /camera/],
    ['IMG-20230101-WA0004', 'a.png', /camera/],
    ['DSC0001', 'a.png', /camera/],
    ['DSCN0042', 'a.png', /camera/],
    ['PXL_20240501_101010123', 'a.png', /camera/],
    ['Screenshot 2024-05-01 at 10.12.13', 'a.png', /screenshot file name/],
    ['picture of', 'a.png', /generic word "picture of"/],
    ['Alt text', 'a.png', /generic word "alt text"/],
    ['Screen Shot 2020-01-01 at 10.00.00', 'a.png', /screenshot file name/],
    ['Screencast from 2024-05-01 10-12-13', 'a.png', /screenshot file name/],
    ['Screenshot_20240501-101213', 'a.png', /screenshot file name/],
    ['TODO', 'a.png', /note/],
    ['FIXME: describe the chart', 'a.png', /note/],
    ['tbd.', 'a.png', /note/],
    ['3f2a9c1b7d', 'a.png', /hash/],
    ['0b6f1c52-9c1e-4c3e-a7f2-54b0f1d8e2aa', 'a.png', /UUID/],
    ['0b6f1c52-9c1e-4c3e-a7f2-54b0f1d8e2aa.png', 'a.png', /UUID/],
    ['My holiday photo.jpg', 'a.png', /image file extension/],
    ['email-success-formatted.png', 'signup.png', /file name/],
    ['report-final_v2', 'a.png', /file name/],
  ];
  for (const [alt, src, reason] of placeholders) {
    it(`"${alt}" for ${src} is a placeholder`, () => {
      const judged = judgeAlt({ alt, src, declaredDecorative: false, emptyMeans: 'missing' });
      assert.equal(judged.altState, 'placeholder');
      assert.match(judged.reason ?? '', reason);
    });
  }

  const useful: Array<[alt: string, src: string]> = [
    ['A dog catching a frisbee in a park', 'dog.png'],
    ['Imagery from the Hubble telescope', 'hubble.png'],
    ['Photographer at work', 'p.png'],
    ['Screenshot of the settings page with dark mode on', 's.png'],
    ['Diagram: request flow from client to cache', 'flow.svg'],
    ['cat sleeping', 'cat.png'],
    // A redundant opening is a warning of its own (redundant-prefix); the alt text itself may be good.
    ['Image of a dog catching a frisbee', 'a.png'],
    ['Photo of a player in a leg entanglement', 'a.png'],
    ['Todo list app with three items', 't.png'],
    ['Node.js', 'node.svg'],
    ['T-shirt', 'shirt.png'],
    ['Deadbeef Café sign', 'cafe.png'],
  ];
  for (const [alt, src] of useful) {
    it(`"${alt}" is ok`, () => assert.equal(judgeAlt({ alt, src, declaredDecorative: false, emptyMeans: 'missing' }).altState, 'ok'));
  }

  it('no alt at all is missing, whatever empty means', () => {
    assert.equal(judgeAlt({ alt: null, src: 'a.png', declaredDecorative: false, emptyMeans: 'empty' }).altState, 'missing');
  });

  it('an empty alt takes the state the syntax gives it', () => {
    assert.equal(judgeAlt({ alt: '', src: 'a.png', declaredDecorative: false, emptyMeans: 'missing' }).altState, 'missing');
    assert.equal(judgeAlt({ alt: ' ', src: 'a.png', declaredDecorative: false, emptyMeans: 'empty' }).altState, 'empty');
    assert.equal(judgeAlt({ alt: '', src: 'a.png', declaredDecorative: false, emptyMeans: 'decorative' }).altState, 'decorative');
  });

  it('declared decorative wins over everything', () => {
    assert.equal(judgeAlt({ alt: 'IMG_0001', src: 'a.png', declaredDecorative: true, emptyMeans: 'missing' }).altState, 'decorative');
    assert.equal(judgeAlt({ alt: null, src: 'a.png', declaredDecorative: true, emptyMeans: 'missing' }).altState, 'decorative');
  });

  it('configured placeholders match case- and space-insensitively', () => {
    assert.match(placeholderReason('  Company   LOGO ', 'x.png', ['company logo']) ?? '', /configured/);
    assert.equal(placeholderReason('Company logo of Acme', 'x.png', ['company logo']), undefined);
  });

  it('a data URI has no file name to compare with', () => {
    assert.equal(placeholderReason('png', 'data:image/png;base64,AAAA', []), undefined);
  });
});
