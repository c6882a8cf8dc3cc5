import assert from 'node:assert/strict';
import { renderPhoto, renderScreen } from '../../../scripts/lib/renderedText';
import { useCaptionWorker } from '../inference/modelHooks';

describe('CaptionWorker with readText', () => {
  const worker = useCaptionWorker('blip-reference');

  it('gives the caption and the visible text of a screenshot', async () => {
    const { png } = await renderScreen({ lines: ['Enable telemetry'] });
    const plain = await worker().caption(png, { maxLength: 8 });
    const withText = await worker().caption(png, { maxLength: 8, readText: true });
    assert.equal(withText.visibleText, 'Enable telemetry');
    // Reading the text leaves the caption as it was; the alt text quotes the text after it.
    assert.deepEqual({ ...withText, visibleText: undefined, altText: undefined }, { ...plain, visibleText: undefined, altText: undefined });
    assert.equal('visibleText' in plain, false);
    assert.equal(plain.altText, plain.caption);
    assert.equal(withText.altText, `${withText.caption} with “Enable telemetry”`);
  });

  it('reads no text in a photograph', async () => {
    const result = await worker().caption(await renderPhoto(5), { maxLength: 8, readText: true });
    assert.equal(result.visibleText, undefined);
    assert.equal(result.altText, result.caption);
    assert.ok(result.ids.length > 0);
  });
});
