import assert from 'node:assert/strict';
import path from 'node:path';
import sharp from 'sharp';
import { renderPhoto, renderScreen } from '../../../scripts/lib/renderedText';
import { decodeImage } from '../../../src/inference/image/decode';
import { judgeScreenshot, nameSuggestsScreenshot } from '../../../src/inference/ocr/screenshotHeuristic';

const photos = [
  'blip-reference/images/astronaut.png',
  'blip-reference/images/camera.png',
  'blip-reference/images/chelsea.png',
  'blip-reference/images/coffee-q90.jpg',
  'blip-reference/images/rocket.png',
  'blip-heldout/images/coins.png',
  'blip-heldout/images/colorwheel.png',
  'blip-heldout/images/hubble_deep_field.png',
  'blip-heldout/images/immunohistochemistry.png',
  'blip-reference/images/alpha-gradient.png',
  'blip-reference/images/noise-wide.png',
];

describe('judgeScreenshot', () => {
  for (const photo of photos) {
    it(`leaves the photograph ${path.basename(photo)} unread`, async () => {
      const verdict = judgeScreenshot(await decodeImage(path.join('test/fixtures', photo)), 'image.png');
      assert.equal(verdict.likely, false, verdict.reason);
    });
  }

  it('leaves a noisy photograph stand-in unread', async () => {
    for (const seed of [1, 2, 3]) assert.equal(judgeScreenshot(await decodeImage(await renderPhoto(seed))).likely, false);
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`reads a rendered ${theme} screen, as PNG and as JPEG`, async () => {
      const { png } = await renderScreen({ lines: ['Enable telemetry', 'Check for updates'], theme });
      const jpeg = await sharp(png).jpeg({ quality: 75 }).toBuffer();
      for (const bytes of [png, jpeg]) {
        const verdict = judgeScreenshot(await decodeImage(bytes));
        assert.equal(verdict.likely, true, verdict.reason);
      }
    });
  }

  it('reads a drawing with text (the scikit-image logo)', async () => {
    assert.equal(judgeScreenshot(await decodeImage('test/fixtures/blip-heldout/images/logo.png')).likely, true);
  });

  it('takes a screenshot-like file name as enough, whatever the pixels', async () => {
    const photo = await decodeImage(await renderPhoto(4));
    assert.equal(judgeScreenshot(photo, 'docs/img/Screenshot 2024-03-01 at 10.12.03.png').likely, true);
    assert.equal(judgeScreenshot(photo, 'holiday.jpg').likely, false);
  });

  it('never reads an image too small for a line of text, whatever its name', () => {
    const tiny = { width: 16, height: 16, data: new Uint8Array(16 * 16 * 3).fill(255) };
    assert.equal(judgeScreenshot(tiny, 'screenshot.png').likely, false);
    const flat = { width: 200, height: 11, data: new Uint8Array(200 * 11 * 3).fill(255) };
    assert.equal(judgeScreenshot(flat).likely, false);
  });
});

describe('nameSuggestsScreenshot', () => {
  it('knows the names screenshot tools and writers give', () => {
    for (const name of [
      'Screenshot 2024-01-05 at 09.41.12.png',
      'Screen Shot 2019-04-01 at 1.02.03 PM.png',
      'screenshot_20240101.png',
      'Screencast from 2024-01-01.webm.png',
      'settings-dialog.png',
      'architecture-diagram.svg',
      'img/build_ui.png',
      'C:\\docs\\images\\terminal.png',
    ])
      assert.equal(nameSuggestsScreenshot(name), true, name);
  });

  it('does not see words inside other words', () => {
    for (const name of ['guide.png', 'quilt.jpg', 'dialogue-scene.jpg', 'charter-boat.jpg', 'IMG_1234.JPG', 'sunset.jpg', undefined])
      assert.equal(nameSuggestsScreenshot(name), false, String(name));
  });
});
