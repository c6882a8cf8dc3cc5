import assert from 'node:assert/strict';
import { applies, defaultDecision, purposeChoices, sanitizeDecisions, type Decision } from '../../../src/commands/review/purposeChoices';
import type { ImageRef } from '../../../src/markdown/types';
import * as purpose from '../../../src/purpose';

function ref(src: string, context?: ImageRef['context']): ImageRef {
  return { range: { start: 0, end: 10 }, syntax: 'markdown-inline', src, alt: null, altState: 'missing', context };
}

describe('review purpose choices', () => {
  const caption = 'A rocket on its launch pad';

  it('starts a badge as text with its label, accepted, and never needs the caption', () => {
    const choices = purposeChoices(ref('https://img.shields.io/npm/v/local-alt-text'), undefined, purpose);
    assert.equal(choices.purpose, 'text');
    assert.equal(choices.suggestions.text.alt, 'npm version');
    assert.equal(choices.suggestions.informative.alt, '', 'no caption was made for a badge');
    assert.deepEqual(defaultDecision(3, choices), { occurrenceId: 3, purpose: 'text', caption: 'npm version', accept: true });
  });

  it('starts a linked image as functional with the link’s purpose, and offers the caption as informative', () => {
    const choices = purposeChoices(
      ref('img/rocket.png', { link: { kind: 'link', href: 'docs/installation.md', text: '' } }),
      caption,
      purpose,
    );
    assert.equal(choices.purpose, 'functional');
    assert.equal(defaultDecision(0, choices).caption, 'Go to the installation page');
    assert.equal(choices.suggestions.informative.alt, caption);
    assert.equal(choices.suggestions.complex.alt, caption);
    assert.equal(choices.suggestions.complex.hint, purpose.COMPLEX_HINT);
  });

  it('starts a spacer as decorative and accepted, with nothing to edit', () => {
    const choices = purposeChoices(ref('img/dot.gif', { size: { width: 1, height: 1 } }), caption, purpose);
    const decision = defaultDecision(1, choices);
    assert.deepEqual(decision, { occurrenceId: 1, purpose: 'decorative', caption: '', accept: true });
    assert.equal(applies(decision), true);
  });

  it('leaves an image without a caption unaccepted until the writer gives it a purpose or words', () => {
    const decision = defaultDecision(2, purposeChoices(ref('img/photo.png'), undefined, purpose));
    assert.equal(decision.accept, false);
    assert.equal(applies({ ...decision, accept: true }), false, 'an empty alt is never applied as an alt');
    assert.equal(applies({ ...decision, accept: true, purpose: 'decorative' }), true);
    assert.equal(applies({ ...decision, accept: true, caption: 'A photo' }), true);
  });

  it('takes from the page only known rows, booleans, strings and purposes', () => {
    const previous: Decision[] = [
      { occurrenceId: 1, accept: true, caption: 'a', purpose: 'informative' },
      { occurrenceId: 2, accept: true, caption: 'b', purpose: 'text' },
    ];
    const next = sanitizeDecisions(
      [
        { occurrenceId: 1, accept: 'yes', caption: 7, purpose: 'decorative' },
        { occurrenceId: 2, accept: true, caption: 'c', purpose: 'nonsense' },
        { occurrenceId: 9, accept: true, caption: 'x', purpose: 'text' },
      ],
      previous,
      purpose.IMAGE_PURPOSES,
    );
    assert.deepEqual(next, [
      { occurrenceId: 1, accept: false, caption: 'a', purpose: 'decorative' },
      { occurrenceId: 2, accept: true, caption: 'c', purpose: 'text' },
    ]);
    assert.equal(sanitizeDecisions('not a list', previous, purpose.IMAGE_PURPOSES), previous);
  });
});
