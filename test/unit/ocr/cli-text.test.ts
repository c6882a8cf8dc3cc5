import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderPhoto, renderScreen } from '../../../scripts/lib/renderedText';
import { withVisibleText } from '../../../src/inference/generation/visibleTextBudget';
import { runCli } from '../../helpers/runCli';
import { checkpointDir, modelCache } from '../inference/parity-fixtures';

const model = ['--model', checkpointDir('blip-reference'), '--cache-dir', modelCache('blip-reference'), '--max-length', '8'];

describe('the CLI reads the text in screenshots', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'cli-ocr-'));
    await fs.writeFile(path.join(dir, 'settings.png'), (await renderScreen({ lines: ['Enable telemetry'] })).png);
    await fs.writeFile(path.join(dir, 'beach.jpg'), await renderPhoto(9));
  });
  after(() => fs.rm(dir, { recursive: true, force: true }));

  it('caption --format json gives the caption, the visible text and the alt text with it quoted', async () => {
    const images = ['settings.png', 'beach.jpg'].map((f) => path.join(dir, f));
    const { code, stdout, stderr } = await runCli(['caption', ...images, ...model, '--max-chars', '60', '--format', 'json']);
    assert.equal(code, 0, stderr);
    const [shot, photo] = JSON.parse(stdout) as { caption: string; visibleText?: string; altText: string }[];
    assert.equal(shot.visibleText, 'Enable telemetry');
    assert.equal(shot.altText, withVisibleText(shot.caption, 'Enable telemetry', 60));
    assert.ok(shot.altText.endsWith('“Enable telemetry”'), shot.altText);
    assert.ok(shot.altText.length <= 60);
    assert.equal(photo.visibleText, undefined);
    assert.equal(photo.altText, photo.caption);
  });

  it('caption --no-read-text leaves the text unread', async () => {
    const { code, stdout } = await runCli(['caption', path.join(dir, 'settings.png'), ...model, '--no-read-text', '--format', 'json']);
    assert.equal(code, 0);
    const [shot] = JSON.parse(stdout) as { caption: string; visibleText?: string; altText: string }[];
    assert.equal(shot.visibleText, undefined);
    assert.equal(shot.altText, shot.caption);
  });

  it('fix writes the alt text with the visible text quoted', async () => {
    const doc = path.join(dir, 'guide.md');
    await fs.writeFile(doc, '# Guide\n\n![](settings.png)\n');
    const { code, stderr } = await runCli(['fix', doc, ...model, '--yes', '--root', dir]);
    assert.equal(code, 0, stderr);
    assert.match(await fs.readFile(doc, 'utf8'), /^# Guide\n\n!\[[^\]]* with “Enable telemetry”\]\(settings\.png\)\n$/);
  });
});
