import assert from 'node:assert/strict';
import { MAX_LINES, MAX_TEXT_CHARACTERS, selectVisibleText, type RecognizedLine } from '../../../src/inference/ocr/selectText';

const line = (text: string, confidence = 95, perWord?: number[]): RecognizedLine => ({
  text,
  confidence,
  words: text.split(' ').map((w, i) => ({ text: w, confidence: perWord?.[i] ?? confidence })),
});

describe('selectVisibleText', () => {
  it('keeps confident lines in reading order', () => {
    assert.equal(selectVisibleText([line('Settings'), line('Enable telemetry')]), 'Settings\nEnable telemetry');
  });

  it('drops unsure scraps (two characters, or no letter) at the ends of a line, and lines left without words', () => {
    assert.equal(selectVisibleText([line('LN J', 72), line('Enable telemetry x', 95, [96, 94, 40])]), 'Enable telemetry');
    assert.equal(selectVisibleText([line('@ Save changes', 90, [30, 95, 96])]), 'Save changes');
  });

  it('never keeps a fragment: an unsure word inside a line, or half its words unsure, drops it', () => {
    assert.equal(selectVisibleText([line('Forgot your password?', 90, [95, 60, 96]), line('Cancel')]), 'Cancel');
    assert.equal(selectVisibleText([line('Create an account', 60, [31, 96, 48]), line('Cancel')]), 'Cancel');
    assert.equal(selectVisibleText([line('Open the file', 90, [96, 96, 40])]), '');
  });

  it('drops lines that do not read as words (symbols, digits, single letters)', () => {
    assert.equal(selectVisibleText([line('| — |'), line('12:45'), line('a'), line('Save')]), 'Save');
  });

  it('keeps at most MAX_LINES lines and MAX_TEXT_CHARACTERS characters, whole lines only', () => {
    const many = ['One line', 'Two lines', 'Three lines', 'Four lines'].map((t) => line(t));
    assert.equal(selectVisibleText(many).split('\n').length, MAX_LINES);
    const long = 'word '.repeat(MAX_TEXT_CHARACTERS / 5 - 1).trim();
    const out = selectVisibleText([line('Short title'), line(long)]);
    assert.equal(out, 'Short title');
    assert.ok(selectVisibleText([line(long), line(long), line(long)]).length <= MAX_TEXT_CHARACTERS);
  });

  it('skips a first line too long for alt text and keeps a later short one', () => {
    assert.equal(selectVisibleText([line('x'.repeat(10) + ' ' + 'word '.repeat(30)), line('Apply')]), 'Apply');
  });

  it('keeps a repeated line once', () => {
    assert.equal(selectVisibleText([line('Save'), line('Save'), line('Cancel')]), 'Save\nCancel');
  });

  it('is empty when nothing qualifies', () => {
    assert.equal(selectVisibleText([]), '');
    assert.equal(selectVisibleText([line('Blurry', 30)]), '');
  });
});
