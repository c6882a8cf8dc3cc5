import { strict as assert } from 'node:assert';
import { LineIndex } from '../../../src/fix/lineIndex';

describe('check: lines and columns', () => {
  it('counts \\n, \\r\\n and a lone \\r as line breaks', () => {
    const index = new LineIndex('a\nb\r\nc\rd');
    assert.deepEqual(
      [0, 2, 5, 7].map((o) => index.at(o)),
      [
        { line: 1, column: 1 },
        { line: 2, column: 1 },
        { line: 3, column: 1 },
        { line: 4, column: 1 },
      ],
    );
  });

  it('counts columns in UTF-16 code units and gives a BOM no column', () => {
    const index = new LineIndex('\uFEFF😀x\nab');
    assert.deepEqual(index.at(3), { line: 1, column: 3 });
    assert.deepEqual(index.at(1), { line: 1, column: 1 });
    assert.deepEqual(index.at(6), { line: 2, column: 2 });
  });
});
