import { strict as assert } from 'node:assert';
import { scanDocument, ScanLimitError, type DocumentKind, type ScanLimits } from '../../../src/markdown';

function refusal(text: string, kind: DocumentKind = 'markdown', limits?: ScanLimits): ScanLimitError | undefined {
  try {
    scanDocument(text, kind, { limits });
    return undefined;
  } catch (error) {
    if (error instanceof ScanLimitError) return error;
    throw error;
  }
}

describe('scan budget', () => {
  const nestedList = (depth: number) => '![a](a.png)\n\n' + Array.from({ length: depth }, (_, i) => '  '.repeat(i) + '- item\n').join('');

  it('scans ordinary nesting and refuses nesting past the limit, naming the line', () => {
    assert.equal(refusal(nestedList(20)), undefined);
    const error = refusal(nestedList(150));
    assert.equal(error?.reason, 'nesting');
    assert.match(error!.message, /^too complex to scan: block quotes or lists nested about 101 levels deep at line 103 \(at most 100\)$/);
    assert.equal(refusal('![a](a.png)\n\n' + '> '.repeat(101) + 'q\n')?.reason, 'nesting');
  });

  it('does not count deep indentation without container markers (code) as nesting', () => {
    assert.equal(refusal('![a](a.png)\n\n```\n' + ' '.repeat(400) + 'code\n```\n'), undefined);
  });

  it('refuses a paragraph of unmatched delimiters but not a long line of plain images, links and code', () => {
    const error = refusal('![a](a.png)\n\n' + 'x_ '.repeat(3_000));
    assert.equal(error?.reason, 'inline-markup');
    assert.match(error!.message, /a paragraph at line 3 has 3,000 emphasis, link, code or HTML delimiters/);
    const gallery = Array.from({ length: 1_000 }, (_, i) => `![Badge ${i}](b${i}.svg) [link](l${i}.html) \`code\``).join(' ');
    assert.equal(scanDocument(gallery, 'markdown').length, 1_000);
  });

  it('holds MDX to the same limits', () => {
    assert.equal(refusal('![a](a.png)\n\n' + 'x_ '.repeat(3_000), 'mdx')?.reason, 'inline-markup');
    assert.equal(refusal(nestedList(150), 'mdx')?.reason, 'nesting');
  });

  it('refuses by size and by definitions, with limits given by the caller', () => {
    assert.equal(refusal('<img src="a.png">'.repeat(10), 'html', { maxCharacters: 100 })?.reason, 'size');
    const definitions = '![a][d1]\n\n' + Array.from({ length: 6 }, (_, i) => `[d${i}]: u${i}.png`).join('\n') + '\n';
    assert.equal(refusal(definitions, 'markdown', { maxDefinitions: 5 })?.reason, 'definitions');
    assert.equal(scanDocument(definitions, 'markdown', { limits: { maxDefinitions: 6 } })[0].src, 'u1.png');
  });
});
