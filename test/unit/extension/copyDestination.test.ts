import assert from 'node:assert/strict';
import { arrivingFileName, desiredCopyPath, expandDestination, freeCopyPath } from '../../../src/extension/copyDestination';

describe('copy destination of a pasted or dropped image', () => {
  const context = {
    documentPath: '/ws/docs/guide/intro.md',
    workspaceFolder: '/ws',
    workspaceFolders: ['/ws'],
    now: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)),
  };

  it('puts the file next to the document when no destination matches', () => {
    assert.deepEqual(desiredCopyPath({}, 'image.png', context), { path: '/ws/docs/guide/image.png' });
    assert.deepEqual(desiredCopyPath({ '*.html': 'img/' }, 'image.png', context), { path: '/ws/docs/guide/image.png' });
  });

  it('uses the first glob that matches; relative globs match at any depth, "/" anchors to the workspace folder', () => {
    assert.equal(desiredCopyPath({ '**/*.md': 'images/' }, 'a.png', context).path, '/ws/docs/guide/images/a.png');
    assert.equal(desiredCopyPath({ '*.md': 'images/' }, 'a.png', context).path, '/ws/docs/guide/images/a.png');
    assert.equal(desiredCopyPath({ '/docs/**': '/static/img/' }, 'a.png', context).path, '/ws/static/img/a.png');
    assert.equal(desiredCopyPath({ '/blog/**': '/static/img/' }, 'a.png', context).path, '/ws/docs/guide/a.png');
    assert.equal(desiredCopyPath({ '/docs/**': 'first/', '**/*.md': 'second/' }, 'a.png', context).path, '/ws/docs/guide/first/a.png');
    // Dot folders are folders like any other (dot: true, as the built-in matches).
    const dotted = { ...context, documentPath: '/ws/.github/README.md' };
    assert.equal(desiredCopyPath({ '**/*.md': 'img/' }, 'a.png', dotted).path, '/ws/.github/img/a.png');
  });

  it('expands the document and file variables the built-in Markdown paste knows', () => {
    const expand = (destination: string) => expandDestination(destination, 'shot.png', context);
    assert.equal(expand('${documentDirName}/x'), '/ws/docs/guide/x');
    assert.equal(expand('${documentRelativeDirName}/x'), 'docs/guide/x');
    assert.equal(expand('${documentFileName}'), 'intro.md');
    assert.equal(expand('${documentBaseName}/${fileName}'), 'intro/shot.png');
    assert.equal(expand('${documentExtName}'), 'md');
    assert.equal(expand('${documentFilePath}'), '/ws/docs/guide/intro.md');
    assert.equal(expand('${documentRelativeFilePath}'), 'docs/guide/intro.md');
    assert.equal(expand('${documentWorkspaceFolder}'), '/ws');
    assert.equal(expand('${fileExtName}'), 'png');
    assert.equal(expand('${unixTime}'), String(Date.UTC(2026, 0, 2, 3, 4, 5)));
    assert.equal(expand('${isoTime}'), '2026-01-02T03:04:05.000Z');
    // Leading "/" is the workspace folder, trailing "/" adds the file name, empty is the file name.
    assert.equal(expand('/media/'), '/ws/media/shot.png');
    assert.equal(expand('  '), 'shot.png');
    // Transforms, escapes, unknown variables.
    assert.equal(expand('${fileName/(.*)\\.png/$1-large.png/}'), 'shot-large.png');
    assert.equal(expand('${documentRelativeDirName/docs\\//site\\//}'), 'site/guide');
    assert.equal(expand('price\\$${fileName}'), 'price$shot.png');
    assert.equal(expand('${noSuchVariable}/${fileName}'), '${noSuchVariable}/shot.png');
  });

  it('without a workspace folder, the document folder stands for it', () => {
    const loose = { documentPath: '/tmp/notes/a.md', workspaceFolders: [] };
    assert.equal(expandDestination('${documentWorkspaceFolder}|${documentRelativeDirName}', 'x.png', loose), '/tmp/notes|/tmp/notes');
    assert.equal(desiredCopyPath({ '**/*.md': 'img/' }, 'x.png', loose).path, '/tmp/notes/img/x.png');
  });

  it('refuses a destination that leaves the workspace folder and falls back to the document folder', () => {
    const result = desiredCopyPath({ '**/*.md': '../../../../elsewhere/' }, 'a.png', context);
    assert.equal(result.path, '/ws/docs/guide/a.png');
    assert.match(result.refused ?? '', /outside \/ws/);
    assert.ok(desiredCopyPath({ '**/*.md': '/../outside/' }, 'a.png', context).refused);
    assert.ok(
      desiredCopyPath({ '**/*.md': '${documentWorkspaceFolder}' }, 'a.png', context).refused,
      'the folder itself is not a file in it',
    );
  });
});

describe('free file name for a copied image', () => {
  const existing = (paths: string[]) => async (p: string) => paths.includes(p);

  it('keeps the name when it is free, else counts up as name-1, name-2', async () => {
    assert.deepEqual(await freeCopyPath('/ws/a.png', 'nameIncrementally', existing([]), new Set()), {
      path: '/ws/a.png',
      overwrite: false,
    });
    assert.deepEqual(await freeCopyPath('/ws/a.png', 'nameIncrementally', existing(['/ws/a.png', '/ws/a-1.png']), new Set()), {
      path: '/ws/a-2.png',
      overwrite: false,
    });
    assert.deepEqual(await freeCopyPath('/ws/archive.tar.gz', 'nameIncrementally', existing(['/ws/archive.tar.gz']), new Set()), {
      path: '/ws/archive.tar-1.gz',
      overwrite: false,
    });
    assert.deepEqual(await freeCopyPath('/ws/README', 'nameIncrementally', existing(['/ws/README']), new Set()), {
      path: '/ws/README-1',
      overwrite: false,
    });
  });

  it('does not give two files of one edit the same name', async () => {
    const taken = new Set<string>();
    const first = await freeCopyPath('/ws/image.png', 'nameIncrementally', existing([]), taken);
    const second = await freeCopyPath('/ws/image.png', 'nameIncrementally', existing([]), taken);
    assert.deepEqual([first.path, second.path], ['/ws/image.png', '/ws/image-1.png']);
    const third = await freeCopyPath('/ws/image.png', 'overwrite', existing([]), taken);
    assert.equal(third.path, '/ws/image-2.png');
  });

  it('overwrites when told to, without asking the disk', async () => {
    let asked = 0;
    const result = await freeCopyPath('/ws/a.png', 'overwrite', async () => (asked++, true), new Set());
    assert.deepEqual(result, { path: '/ws/a.png', overwrite: true });
    assert.equal(asked, 0);
  });
});

describe('file name of an arriving image', () => {
  it('keeps the base name and never a path', () => {
    assert.equal(arrivingFileName('shot.png', 'image/png'), 'shot.png');
    assert.equal(arrivingFileName('../../etc/evil.png', 'image/png'), 'evil.png');
    assert.equal(arrivingFileName('C:\\Users\\me\\cat.jpg', 'image/jpeg'), 'cat.jpg');
    assert.equal(arrivingFileName('we<ir>d:na|me?.png', 'image/png'), 'weirdname.png');
  });

  it('names a nameless image after its type', () => {
    assert.equal(arrivingFileName(undefined, 'image/png'), 'image.png');
    assert.equal(arrivingFileName('', 'image/jpeg'), 'image.jpg');
    assert.equal(arrivingFileName('..', 'image/webp'), 'image.webp');
    assert.equal(arrivingFileName('clipboard', 'image/gif'), 'clipboard.gif');
    assert.equal(arrivingFileName('x', 'image/x-unknown'), 'x.png');
  });
});
