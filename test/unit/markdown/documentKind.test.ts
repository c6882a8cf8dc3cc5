import { strict as assert } from 'node:assert';
import { documentKindFor, isFinding, scanDocument } from '../../../src/markdown';
import { valueOffsetMapper } from '../../../src/markdown/valueOffsets';

describe('document kinds and findings', () => {
  it('picks the parser by extension, case-insensitively', () => {
    assert.equal(documentKindFor('/a/README.md'), 'markdown');
    assert.equal(documentKindFor('C:\\docs\\Guide.MARKDOWN'), 'markdown');
    assert.equal(documentKindFor('page.mdx'), 'mdx');
    assert.equal(documentKindFor('index.HTML'), 'html');
    assert.equal(documentKindFor('old.htm'), 'html');
    assert.equal(documentKindFor('notes.txt'), undefined);
    assert.equal(documentKindFor('md'), undefined);
    assert.equal(documentKindFor('folder.md/file'), undefined);
  });

  it('reports missing and placeholder alt by default, other states when asked', () => {
    const states = scanDocument('![](a.png) ![image](b.png) ![A cat](c.png) <img src="d.png" alt="">\n', 'markdown').map((i) => [
      i.altState,
      isFinding(i),
      isFinding(i, ['empty']),
    ]);
    assert.deepEqual(states, [
      ['missing', true, false],
      ['placeholder', true, false],
      ['ok', false, false],
      ['empty', false, true],
    ]);
  });

  it('maps offsets of a value that left out block quote markers back to the document', () => {
    const text = '> <div>\r\n>   <img src="x">\r\n> </div>';
    const value = '<div>\r\n  <img src="x">\r\n</div>';
    const toDocument = valueOffsetMapper(text, 2, text.length, value);
    const inValue = value.indexOf('<img');
    assert.equal(text.slice(toDocument(inValue), toDocument(inValue + '<img src="x">'.length)), '<img src="x">');
    assert.equal(toDocument(value.length), text.length);
  });
});
