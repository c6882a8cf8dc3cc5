import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  decodeImage,
  ImageProcessorConfigError,
  loadImageProcessorConfig,
  parseImageProcessorConfig,
  preprocessImage,
  toPixelValues,
  type ImageProcessorConfig,
} from '../../../src/inference/image/index';

const fixtures = path.join(__dirname, '../../fixtures');
const SETS = ['blip-reference', 'blip-heldout'] as const;

interface GoldenImage {
  file: string;
  rgb_sha256: string;
  size: [number, number];
}

function golden(set: string): Record<string, GoldenImage> {
  return JSON.parse(readFileSync(path.join(fixtures, set, 'golden.json'), 'utf8')).images;
}

function readF32(file: string): Float32Array {
  const bytes = readFileSync(file);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** One 8-bit level after normalisation, for the widest channel: 1/255 over the smallest std. */
const ONE_LEVEL = 1 / 255 / 0.26130258;

describe('image preprocessing against the reference processor', () => {
  for (const set of SETS) {
    describe(set, () => {
      let config: ImageProcessorConfig;
      before(async () => {
        config = await loadImageProcessorConfig(path.join(fixtures, set, 'tiny-blip'));
      });

      for (const [name, entry] of Object.entries(golden(set))) {
        it(`${name}: decodes to PIL's RGB and reproduces pixel_values`, async () => {
          const file = path.join(fixtures, set, entry.file);
          const rgb = await decodeImage(file);
          assert.deepEqual([rgb.width, rgb.height], entry.size);
          assert.equal(
            createHash('sha256').update(rgb.data).digest('hex'),
            entry.rgb_sha256,
            'decoded RGB differs from PIL convert("RGB")',
          );

          const expected = readF32(path.join(fixtures, set, 'pixel_values', `${name}.f32`));
          const actual = await preprocessImage(file, config);
          assert.equal(actual.length, expected.length);
          assert.equal(actual.length, 3 * config.size.height * config.size.width);
          let max = 0;
          let sum = 0;
          for (let i = 0; i < expected.length; i++) {
            const d = Math.abs(actual[i] - expected[i]);
            max = Math.max(max, d);
            sum += d;
          }
          console.log(`      ${set}/${name}: max |diff| ${max.toExponential(2)}, mean |diff| ${(sum / expected.length).toExponential(2)}`);
          assert.ok(max <= ONE_LEVEL, `max difference ${max} exceeds one 8-bit level`);
          // The port is exact: anything above float32 rounding noise means the algorithm drifted.
          assert.ok(max <= 1e-6, `max difference ${max}: the resampling no longer matches PIL exactly`);
        });
      }
    });
  }

  it('accepts bytes as well as a path', async () => {
    const config = await loadImageProcessorConfig(path.join(fixtures, 'blip-heldout/tiny-blip'));
    const file = path.join(fixtures, 'blip-heldout/images/logo.png');
    assert.deepEqual(await preprocessImage(new Uint8Array(readFileSync(file)), config), await preprocessImage(file, config));
  });
});

describe('image processor config', () => {
  const made: string[] = [];
  after(async () => {
    for (const dir of made) await fs.rm(dir, { recursive: true, force: true });
  });

  async function folder(files: Record<string, unknown>): Promise<string> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'preprocessor-'));
    made.push(dir);
    for (const [name, json] of Object.entries(files))
      await fs.writeFile(path.join(dir, name), typeof json === 'string' ? json : JSON.stringify(json));
    return dir;
  }

  it('reads the image_processor section of processor_config.json, with every size from the file', async () => {
    const reference = await loadImageProcessorConfig(path.join(fixtures, 'blip-reference/tiny-blip'));
    const heldout = await loadImageProcessorConfig(path.join(fixtures, 'blip-heldout/tiny-blip'));
    assert.deepEqual(reference.size, { height: 384, width: 384 });
    assert.deepEqual(heldout.size, { height: 224, width: 224 });
    assert.equal(reference.resample, 3);
    assert.equal(reference.rescaleFactor, 0.00392156862745098);
    assert.deepEqual(reference.imageStd, [0.26862954, 0.26130258, 0.27577711]);
  });

  it('prefers preprocessor_config.json and fills left-out fields with BlipImageProcessor defaults', async () => {
    const dir = await folder({
      'preprocessor_config.json': { size: { height: 96, width: 128 }, resample: 2, image_mean: [0.5, 0.5, 0.5] },
      'processor_config.json': { image_processor: { size: { height: 1, width: 1 } } },
    });
    const config = await loadImageProcessorConfig(dir);
    assert.deepEqual(config.size, { height: 96, width: 128 });
    assert.equal(config.resample, 2);
    assert.deepEqual(config.imageMean, [0.5, 0.5, 0.5]);
    assert.deepEqual(config.imageStd, [0.26862954, 0.26130258, 0.27577711]);
    assert.equal(config.doResize && config.doRescale && config.doNormalize && config.doConvertRgb, true);
    assert.deepEqual(parseImageProcessorConfig({ size: 64 }).size, { height: 64, width: 64 });
  });

  it('refuses settings it cannot honour, naming the field', async () => {
    assert.throws(
      () => parseImageProcessorConfig({ resample: 1 }),
      (e: Error) => e instanceof ImageProcessorConfigError && /resample 1 \(LANCZOS\)/.test(e.message),
    );
    assert.throws(() => parseImageProcessorConfig({ resample: 0 }), /NEAREST/);
    assert.throws(() => parseImageProcessorConfig({ size: { shortest_edge: 224 } }), /only a fixed height and width/);
    assert.throws(() => parseImageProcessorConfig({ do_center_crop: true }), /do_center_crop/);
    assert.throws(() => parseImageProcessorConfig({ image_mean: [0.5, 0.5] }), /image_mean must be three numbers/);
    assert.throws(() => parseImageProcessorConfig({ image_std: [0.5, 0, 0.5] }), /zero/);
    await assert.rejects(loadImageProcessorConfig(await folder({})), /no image processor settings/);
    await assert.rejects(
      loadImageProcessorConfig(await folder({ 'preprocessor_config.json': '{"size":' })),
      /preprocessor_config\.json is not valid JSON/,
    );
  });
});

describe('pixel values', () => {
  const image = { width: 2, height: 1, data: Uint8Array.of(0, 128, 255, 10, 20, 30) };
  const base = parseImageProcessorConfig({});

  it('lays out channels first and normalises each channel with its own mean and std', () => {
    const values = toPixelValues(image, base);
    assert.equal(values.length, 6);
    // R of both pixels, then G, then B.
    const expect = (v: number, c: number): number =>
      Math.fround(Math.fround(Math.fround(v * base.rescaleFactor) - Math.fround(base.imageMean[c])) / Math.fround(base.imageStd[c]));
    assert.deepEqual([...values], [expect(0, 0), expect(10, 0), expect(128, 1), expect(20, 1), expect(255, 2), expect(30, 2)]);
  });

  it('skips rescaling or normalisation when the config says so', () => {
    assert.deepEqual(
      [...toPixelValues(image, { ...base, doNormalize: false })],
      [0, 10, 128, 20, 255, 30].map((v) => Math.fround(v * base.rescaleFactor)),
    );
    assert.deepEqual([...toPixelValues(image, { ...base, doNormalize: false, doRescale: false })], [0, 10, 128, 20, 255, 30]);
  });
});
