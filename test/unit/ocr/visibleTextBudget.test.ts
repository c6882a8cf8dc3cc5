import assert from 'node:assert/strict';
import { withVisibleText } from '../../../src/inference/generation/visibleTextBudget';
import { styleAltText, styleCaption } from '../../../src/inference/generation/captionStyle';

describe('withVisibleText', () => {
  it('quotes the visible text after the caption, in typographic quotes', () => {
    assert.equal(withVisibleText('Settings dialog', 'Enable telemetry', 150), 'Settings dialog with “Enable telemetry”');
    assert.equal(withVisibleText('A login form', 'Sign in\nForgot password?', 150), 'A login form with “Sign in”, “Forgot password?”');
  });

  it('returns the caption alone when there is no text', () => {
    assert.equal(withVisibleText('A cat on a sofa', undefined, 150), 'A cat on a sofa');
    assert.equal(withVisibleText('A cat on a sofa', '', 150), 'A cat on a sofa');
    assert.equal(withVisibleText('A cat on a sofa', ' \n \n', 150), 'A cat on a sofa');
  });

  it('fits exactly at the budget, and drops the line that would pass it', () => {
    const caption = 'A window';
    const full = 'A window with “Open”, “Save”';
    assert.equal(withVisibleText(caption, 'Open\nSave', full.length), full);
    assert.equal(withVisibleText(caption, 'Open\nSave', full.length - 1), 'A window with “Open”');
  });

  it('keeps whole lines in order and stops at the first that does not fit', () => {
    assert.equal(withVisibleText('A menu', 'File\nA much longer second line here\nEdit', 30), 'A menu with “File”');
  });

  it('shortens the caption (down to half the budget) to make room for the first line', () => {
    const caption = 'a screenshot of a computer screen with a window open on a desk';
    const out = withVisibleText(caption, 'Enable telemetry', 50);
    // 50 characters: the caption gives up its last words, the text stays whole.
    assert.equal(out, 'a screenshot of a computer with “Enable telemetry”');
  });

  it('cuts the first line at a word, with an ellipsis, when it cannot fit whole', () => {
    const out = withVisibleText('A dialog', 'Are you sure you want to delete every file in this folder', 40);
    assert.equal(out, 'A dialog with “Are you sure you want…”');
    assert.ok(out.length <= 40);
  });

  it('never passes the budget, for any budget', () => {
    const caption = 'a screenshot of a settings page in a web browser';
    const text = 'Enable telemetry\nCheck for updates automatically\nRestart';
    for (let max = 1; max <= 120; max++) {
      const out = withVisibleText(caption, text, max);
      assert.ok(out.length <= max, `${max}: ${out}`);
    }
  });

  it('keeps a caption-ending full stop at the very end', () => {
    assert.equal(withVisibleText('A dialog.', 'OK', 150), 'A dialog with “OK”.');
    const out = withVisibleText('A dialog.', 'Cancel', 'A dialog with “Cancel”.'.length);
    assert.equal(out, 'A dialog with “Cancel”.');
  });

  it('turns double quotes in the text into single ones, and collapses spaces', () => {
    assert.equal(withVisibleText('A prompt', 'Type  "yes"   to “confirm”', 150), `A prompt with “Type 'yes' to 'confirm'”`);
  });

  it('gives the quotes alone when the caption is empty', () => {
    assert.equal(withVisibleText('', 'Deploy to production?', 150), '“Deploy to production?”');
  });
});

describe('styleAltText', () => {
  const style = { capitalize: true, trailingPeriod: false, maxCharacters: 150 };

  it('styles the caption, then quotes the text after it', () => {
    assert.equal(styleAltText('a settings dialog', 'Enable telemetry', style), 'A settings dialog with “Enable telemetry”');
    assert.equal(
      styleAltText('a settings dialog', 'Enable telemetry', { ...style, trailingPeriod: true }),
      'A settings dialog with “Enable telemetry”.',
    );
  });

  it('is styleCaption when no text was read', () => {
    for (const text of [undefined, ''])
      assert.equal(styleAltText('a cat on a sofa.', text, style), styleCaption('a cat on a sofa.', style));
  });

  it('keeps caption and text within the style’s budget', () => {
    const tight = { ...style, maxCharacters: 60 };
    const out = styleAltText('a screenshot of a computer screen showing settings', 'Enable telemetry', tight);
    assert.ok(out.length <= 60, out);
    assert.match(out, /^A screenshot .* with “Enable telemetry”$/);
  });
});
