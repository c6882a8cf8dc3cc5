import { strict as assert } from 'node:assert';
import { expectNoFailures, runEditFuzz } from '../unit/markdown/support/editFuzz';

// 10,000 seeded documents (Markdown, MDX, HTML, half of them hostile shapes); EDIT_FUZZ_SEED picks
// another first seed. A failure names each failing seed, which test/unit/markdown/support/editFuzz.ts
// (fuzzDocument) runs again alone.
const FIRST_SEED = Number(process.env.EDIT_FUZZ_SEED ?? 100_000);
const DOCUMENTS = 10_000;

describe(`edit fuzz: ${DOCUMENTS} documents from seed ${FIRST_SEED}`, function () {
  this.timeout(900_000);
  it('every alt edit, alone and all at once, keeps the rendered images and gives exactly the caption', () => {
    const summary = runEditFuzz(FIRST_SEED, DOCUMENTS);
    expectNoFailures(summary);
    assert.equal(summary.documents, DOCUMENTS);
    assert.ok(summary.edits > 40_000, `only ${summary.edits} edits were tried`);
  });
});
