import assert from 'node:assert/strict';
import { styleCaption } from '../../../src/inference/generation/captionStyle';

describe('caption style', () => {
  const plain = { capitalize: false, trailingPeriod: false, maxCharacters: 150 };

  it('capitalizes the first letter only when asked', () => {
    assert.equal(styleCaption('a cat on a mat', { ...plain, capitalize: true }), 'A cat on a mat');
    assert.equal(styleCaption('a cat on a mat', plain), 'a cat on a mat');
    assert.equal(styleCaption('école', { ...plain, capitalize: true }), 'École');
    // Without the style the caption starts as the model wrote it: nothing capitalised it before.
    assert.equal(styleCaption('NASA rocket on a pad', plain), 'NASA rocket on a pad');
  });

  it('adds or removes a trailing full stop, leaving other end marks alone', () => {
    assert.equal(styleCaption('a cat', { ...plain, trailingPeriod: true }), 'a cat.');
    assert.equal(styleCaption('a cat.', { ...plain, trailingPeriod: true }), 'a cat.');
    assert.equal(styleCaption('a cat.', plain), 'a cat');
    assert.equal(styleCaption('what is this?', { ...plain, trailingPeriod: true }), 'what is this?');
    assert.equal(styleCaption('and so on...', plain), 'and so on...');
  });

  it('collapses whitespace and leaves an empty caption empty', () => {
    assert.equal(styleCaption('  a   cat\n on a mat ', plain), 'a cat on a mat');
    assert.equal(styleCaption('   ', { ...plain, capitalize: true, trailingPeriod: true }), '');
  });
});
