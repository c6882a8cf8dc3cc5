import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanDocumentWithWarnings, ScanLimitError, type DocumentKind } from '../../../src/markdown';
import { INLINE_SCAN_CHARACTERS, OffThreadScanner, scansInline } from '../../../src/extension/offThreadScanner';
import {
  generateHostileHtml,
  generateHostileMarkdown,
  generateHtml,
  generateMarkdown,
  generateMdx,
} from '../markdown/support/generateDocument';

describe('scanning in a worker thread', () => {
  let dir: string;
  let scanner: OffThreadScanner;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'scan-thread-'));
    // The bundled worker is dist/scanWorker.js; from sources, the same entry runs through tsx.
    const workerFile = path.join(dir, 'scanWorker.js');
    writeFileSync(
      workerFile,
      `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(path.join(__dirname, '../../../src/extension/scanWorkerMain.ts'))});\n`,
    );
    scanner = new OffThreadScanner(workerFile);
  });
  after(() => {
    scanner.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives exactly the results of the scan on the caller's thread", async () => {
    const documents: Array<[DocumentKind, string]> = [];
    for (let seed = 1; seed <= 10; seed++) {
      documents.push(
        ['markdown', generateMarkdown(seed)],
        ['markdown', generateHostileMarkdown(seed)],
        ['mdx', generateMdx(seed)],
        ['html', generateHtml(seed)],
        ['html', generateHostileHtml(seed)],
      );
    }
    documents.push(['mdx', '<img src="a.png" alt={x\n'], ['markdown', generateMarkdown(99, 400)]);
    const options = { emptyMarkdownAlt: 'decorative' as const };
    const offThread = await Promise.all(documents.map(([kind, text]) => scanner.scan(text, kind, options)));
    documents.forEach(([kind, text], i) =>
      assert.deepEqual(offThread[i], scanDocumentWithWarnings(text, kind, options), `document ${i} (${kind})`),
    );
  });

  it('reports a document past the scan limits with the same reason', async () => {
    const text = '![a](b.png)\n\n' + '> '.repeat(500) + 'deep\n';
    const inline = (() => {
      try {
        scanDocumentWithWarnings(text, 'markdown');
      } catch (error) {
        return error;
      }
    })();
    assert.ok(inline instanceof ScanLimitError);
    assert.deepEqual(await scanner.scan(text, 'markdown', {}), { limit: { reason: inline.reason, detail: inline.detail } });
    // The thread goes on scanning after a refusal.
    const next = await scanner.scan('![x](y.png)\n', 'markdown', {});
    assert.ok('images' in next);
    assert.equal(next.images.length, 1);
  });

  it("keeps small plain documents on the caller's thread and sends large or dense ones away", () => {
    assert.equal(scansInline(generateMarkdown(1)), true);
    assert.equal(scansInline('a'.repeat(INLINE_SCAN_CHARACTERS + 1)), false);
    assert.equal(scansInline('*a_ '.repeat(600)), false);
  });
});
