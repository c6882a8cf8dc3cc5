import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveSource, type ResolveOptions } from '../../../src/markdown';

describe('source resolution', () => {
  let root: string;
  let outside: string;
  let doc: string;
  let options: ResolveOptions;

  before(() => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'alt-resolve-'));
    root = path.join(base, 'site');
    outside = path.join(base, 'elsewhere');
    for (const file of [
      'docs/guide/pics/a.png',
      'docs/guide/my pic#1.png',
      'static/img/logo.svg',
      'public/p.png',
      'root.png',
      'docs/only-docs.png',
    ]) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), 'x');
    }
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(path.join(outside, 'secret.png'), 'x');
    fs.symlinkSync(outside, path.join(root, 'docs', 'link-out'));
    doc = path.join(root, 'docs', 'guide', 'index.md');
    options = { workspaceRoots: [root] };
  });

  after(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

  it('resolves a relative path against the document', () => {
    assert.deepEqual(resolveSource('pics/a.png', doc, options), {
      kind: 'file',
      resolved: path.join(root, 'docs/guide/pics/a.png'),
      exists: true,
      remote: false,
    });
  });

  it('resolves ./ and ../ segments', () => {
    assert.equal(resolveSource('./pics/../pics/a.png', doc, options).exists, true);
    assert.equal(resolveSource('../only-docs.png', doc, options).resolved, path.join(root, 'docs/only-docs.png'));
  });

  it('decodes percent-encoding and drops query and fragment', () => {
    const resolved = resolveSource('my%20pic%231.png?v=3#frag', doc, options);
    assert.equal(resolved.resolved, path.join(root, 'docs/guide/my pic#1.png'));
    assert.equal(resolved.exists, true);
  });

  it('keeps a stray percent sign that is not an escape', () => {
    assert.equal(resolveSource('100%.png', doc, options).resolved, path.join(root, 'docs/guide/100%.png'));
  });

  it('looks up root-relative sources in the default site roots', () => {
    assert.equal(resolveSource('/img/logo.svg', doc, options).resolved, path.join(root, 'static/img/logo.svg'));
    assert.equal(resolveSource('/p.png', doc, options).resolved, path.join(root, 'public/p.png'));
    assert.equal(resolveSource('/only-docs.png', doc, options).resolved, path.join(root, 'docs/only-docs.png'));
    assert.equal(resolveSource('/root.png', doc, options).resolved, path.join(root, 'root.png'));
  });

  it('reports a missing root-relative file under the workspace root', () => {
    assert.deepEqual(resolveSource('/img/none.png', doc, options), {
      kind: 'file',
      resolved: path.join(root, 'img/none.png'),
      exists: false,
      remote: false,
    });
  });

  it('uses configured site roots instead of the defaults', () => {
    const custom = { ...options, siteRoots: ['docs'] };
    assert.equal(resolveSource('/img/logo.svg', doc, custom).exists, false);
    assert.equal(resolveSource('/only-docs.png', doc, custom).exists, true);
  });

  it('marks http and https sources remote, and protocol-relative ones too', () => {
    assert.deepEqual(resolveSource('https://example.com/a.png?x=1', doc, options), {
      kind: 'remote',
      resolved: 'https://example.com/a.png?x=1',
      exists: false,
      remote: true,
    });
    assert.equal(resolveSource('HTTP://example.com/a.png', doc, options).remote, true);
    assert.equal(resolveSource('//cdn.example.com/a.png', doc, options).resolved, 'https://cdn.example.com/a.png');
  });

  it('recognizes data URIs', () => {
    assert.deepEqual(resolveSource('data:image/png;base64,iVBORw0KGgo=', doc, options), {
      kind: 'data',
      resolved: null,
      exists: true,
      remote: false,
    });
  });

  it('follows file URLs inside the workspace', () => {
    const url = 'file://' + path.join(root, 'root.png').split(path.sep).join('/');
    assert.equal(resolveSource(url, doc, options).exists, true);
  });

  it('leaves other schemes and empty sources unresolved', () => {
    assert.equal(resolveSource('mailto:a@b.c', doc, options).kind, 'unresolved');
    assert.equal(resolveSource('   ', doc, options).kind, 'unresolved');
    assert.equal(resolveSource('#only-fragment', doc, options).kind, 'unresolved');
  });

  it('never looks outside the workspace', () => {
    const escaped = resolveSource('../../../elsewhere/secret.png', doc, options);
    assert.equal(escaped.exists, false);
    assert.match(escaped.problem ?? '', /outside the workspace/);
  });

  it('does not follow a symbolic link out of the workspace', () => {
    const linked = resolveSource('../link-out/secret.png', doc, options);
    assert.equal(linked.exists, false);
    assert.match(linked.problem ?? '', /outside the workspace/);
  });

  it('looks outside when allowed', () => {
    assert.equal(resolveSource('../../../elsewhere/secret.png', doc, { ...options, allowOutsideWorkspace: true }).exists, true);
  });

  it('treats a folder as not an existing image', () => {
    assert.equal(resolveSource('pics', doc, options).exists, false);
  });

  it('with no workspace, the document folder is the limit', () => {
    assert.equal(resolveSource('pics/a.png', doc, { workspaceRoots: [] }).exists, true);
    assert.match(resolveSource('../only-docs.png', doc, { workspaceRoots: [] }).problem ?? '', /outside/);
  });
});
