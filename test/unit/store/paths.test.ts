import assert from 'node:assert/strict';
import path from 'node:path';
import {
  RepoPaths,
  checkRepoId,
  checkRevision,
  defaultCacheDir,
  repoFromFolderName,
  resolveEndpoint,
} from '../../../src/inference/store/paths';

describe('model store: cache folder, endpoint and names', () => {
  it('puts the CLI cache in LOCAL_ALT_TEXT_CACHE, else the platform cache folder', () => {
    assert.equal(defaultCacheDir({ LOCAL_ALT_TEXT_CACHE: '/data/models' }, 'linux', '/home/u'), path.resolve('/data/models'));
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/xdg' }, 'linux', '/home/u'), path.join('/xdg', 'local-alt-text'));
    assert.equal(
      defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'),
      path.join('/home/u', '.cache', 'local-alt-text'),
      'a relative XDG_CACHE_HOME is ignored',
    );
    assert.equal(defaultCacheDir({}, 'linux', '/home/u'), path.join('/home/u', '.cache', 'local-alt-text'));
    assert.equal(defaultCacheDir({}, 'darwin', '/Users/u'), path.join('/Users/u', 'Library', 'Caches', 'local-alt-text'));
    assert.equal(
      defaultCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'),
      path.join('C:\\Users\\u\\AppData\\Local', 'local-alt-text', 'Cache'),
    );
  });

  it('takes the endpoint from the option, else HF_ENDPOINT, else huggingface.co', () => {
    assert.equal(resolveEndpoint(undefined, {}), 'https://huggingface.co');
    assert.equal(resolveEndpoint(undefined, { HF_ENDPOINT: 'https://mirror.example/hub/' }), 'https://mirror.example/hub');
    assert.equal(resolveEndpoint('http://127.0.0.1:8080', { HF_ENDPOINT: 'https://other' }), 'http://127.0.0.1:8080');
    assert.throws(() => resolveEndpoint('ftp://x', {}), /must be an http or https URL/);
    assert.throws(() => resolveEndpoint('not a url', {}), /is not a URL/);
  });

  it('accepts hub repository ids and refuses names that could leave the cache folder', () => {
    for (const ok of ['Salesforce/blip-image-captioning-base', 'gpt2', 'a/b.c_d-e']) assert.equal(checkRepoId(ok), ok);
    for (const bad of ['../x', 'a/../b', 'a/b/c', '/abs', 'a--b/c', '-a/b', 'a/b.', '', 'a b/c'])
      assert.throws(
        () => checkRepoId(bad),
        (e: Error) => e instanceof TypeError && e.message.startsWith(`'${bad}' is not a Hugging Face repository id`),
        bad,
      );
    assert.equal(checkRevision('refs/pr/1'), 'refs/pr/1');
    assert.throws(() => checkRevision('a\nb'), { name: 'TypeError', message: "'a\nb' is not a valid revision" });
    assert.throws(() => checkRevision('..'), { name: 'TypeError', message: "'..' is not a valid revision" });
  });

  it('lays out one folder per repository and reads the id back', () => {
    const paths = new RepoPaths('/cache', 'Salesforce/blip-image-captioning-base');
    assert.equal(paths.root, path.join('/cache', 'hub', 'models--Salesforce--blip-image-captioning-base'));
    assert.equal(paths.ref('refs/pr/1'), path.join(paths.root, 'refs', 'refs%2Fpr%2F1'));
    assert.equal(repoFromFolderName(path.basename(paths.root)), 'Salesforce/blip-image-captioning-base');
    assert.equal(repoFromFolderName('other'), undefined);
  });
});
