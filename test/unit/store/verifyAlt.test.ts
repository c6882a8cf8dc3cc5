import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import path from 'node:path';
import { runCheck } from '../../helpers/runCli';
import { ITM_CHECKPOINT, itmGolden, itmImagePath } from '../inference/itm-fixtures';
import { withHubEnvironment } from '../../helpers/useHub';
import { useHub } from './fixtures';

const REPO = 'Salesforce/blip-itm-base-coco';

describe('check --verify-alt --match-model hub:ID', () => {
  const hub = useHub();

  it('downloads the matching model once into the model cache, with progress on stderr and the report alone on stdout', async () => {
    const server = await hub.start({ folder: ITM_CHECKPOINT, repo: REPO });
    const g = await itmGolden();
    const project = path.join(hub.cacheDir, 'project');
    fs.mkdirSync(path.join(project, '.git'), { recursive: true });
    fs.copyFileSync(itmImagePath(g.images.camera), path.join(project, 'camera.png'));
    fs.writeFileSync(path.join(project, 'page.md'), `![${g.texts[4].text}](camera.png)\n`);
    await withHubEnvironment(server, async () => {
      const args = ['.', '--verify-alt', '--match-model', `hub:${REPO}`, '--cache-dir', hub.cacheDir, '--format', 'json'];
      const first = await runCheck(args, project);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /Downloading model\.safetensors/);
      const [image] = JSON.parse(first.stdout).images;
      assert.ok(Math.abs(image.match.itm - g.images.camera.scores[4].itm_match_prob) < 1e-4);

      const again = await runCheck(args, project);
      assert.equal(again.code, 0, again.stderr);
      assert.doesNotMatch(again.stderr, /Downloading/);
      assert.equal(server.downloads('model.safetensors').length, 1, 'the cached model is used the second time');
      assert.ok((await hub.store().info()).some((m) => m.repo === REPO && m.packs.some((p) => p.task === 'image-text-matching')));
    });
  });
});
