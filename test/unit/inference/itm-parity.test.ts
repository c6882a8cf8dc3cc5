import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { readCheckpoint } from '../../../src/inference/checkpoint/index';
import { readSafetensors } from '../../../src/inference/checkpoint/safetensors';
import { preprocessImage } from '../../../src/inference/image';
import { ImageTextMatcher } from '../../../src/inference/matcher';
import { padTexts } from '../../../src/inference/runtime/matchSessions';
import { writeModel } from '../../../src/inference/onnx/write';
import { crossKey, crossValue, IMAGE_EMBEDS, INPUT_IDS, PIXEL_VALUES } from '../../../src/inference/onnx/blip/io';
import { buildItmImageGraph } from '../../../src/inference/onnx/blip/itmImage';
import {
  ATTENTION_MASK,
  IMAGE_FEAT,
  ITM_GRAPH_FILES,
  ITM_LOGITS,
  TEXT_FEAT,
  textHidden,
  visionHidden,
} from '../../../src/inference/onnx/blip/itmIo';
import { OPSETS } from '../../../src/inference/onnx/blip/layers';
import { buildTextGraph } from '../../../src/inference/onnx/blip/textEncoder';
import { buildVisionGraph } from '../../../src/inference/onnx/blip/vision';
import { WeightReader } from '../../../src/inference/onnx/blip/weights';
import type { GraphBuilder } from '../../../src/inference/onnx/builder';
import { convertCheckpoint } from '../../../src/inference/onnx/convert';
import { loadBertTokenizer, loadTokenizer } from '../../../src/inference/tokenizer';
import { torchZip } from '../../helpers/torch-zip';
import { ITM_CHECKPOINT, ITM_FIXTURE, itmGolden, itmImagePath, readStates } from './itm-fixtures';
import { maxAbsDiff, readFloat32, scratchDir } from './parity-fixtures';

const TOLERANCE = 1e-4;

async function session(graph: GraphBuilder, name: string): Promise<ort.InferenceSession> {
  const file = path.join(scratchDir(), `itm-${name}.onnx`);
  await writeModel(graph, file, { opsets: OPSETS, producerVersion: 'test' });
  return ort.InferenceSession.create(file, { graphOptimizationLevel: 'all' });
}

/** One unpadded text and one image's cross-attention keys and values, as the text graph takes them. */
function textFeeds(ids: number[], image: ort.InferenceSession.OnnxValueMapType, layers: number): Record<string, ort.Tensor> {
  const dims = [1, ids.length];
  const feeds: Record<string, ort.Tensor> = {
    [INPUT_IDS]: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), dims),
    [ATTENTION_MASK]: new ort.Tensor('int64', new BigInt64Array(ids.length).fill(1n), dims),
  };
  for (let l = 0; l < layers; l++) {
    feeds[crossKey(l)] = image[crossKey(l)] as ort.Tensor;
    feeds[crossValue(l)] = image[crossValue(l)] as ort.Tensor;
  }
  return feeds;
}

describe('image-text matching parity with transformers (BlipForImageTextRetrieval)', () => {
  describe('tokenizer', () => {
    for (const [label, load] of [
      ['vocab.txt (BertTokenizer)', loadBertTokenizer],
      ['tokenizer.json', loadTokenizer],
    ] as const) {
      it(`${label}: the reference ids and masks for every text, truncated at 35 tokens`, async () => {
        const g = await itmGolden();
        const tokenizer = await load(ITM_CHECKPOINT);
        for (const t of g.texts) {
          const ids = tokenizer.encode(t.text, { maxLength: g.max_len });
          assert.deepEqual(ids, t.input_ids, JSON.stringify(t.text));
          assert.deepEqual(
            ids.map(() => 1),
            t.attention_mask,
          );
        }
        assert.ok(
          g.texts.some((t) => t.truncated),
          'the golden texts include a truncated one',
        );
      });
    }

    it('maps a token listed twice in vocab.txt to its last line, as BertTokenizer does', async () => {
      const tokenizer = await loadBertTokenizer(ITM_CHECKPOINT);
      const lines = (await fs.readFile(path.join(ITM_CHECKPOINT, 'vocab.txt'), 'utf8')).split('\n');
      const last = lines.lastIndexOf('##s');
      assert.notEqual(lines.indexOf('##s'), last, 'the fixture lists ##s twice');
      assert.equal(tokenizer.tokenId('##s'), last);
    });
  });

  describe('intermediate states (reference pixels and image embeddings in)', () => {
    let checkpoint: Awaited<ReturnType<typeof readCheckpoint>>;
    let weights: WeightReader;
    before(async () => {
      checkpoint = await readCheckpoint(ITM_CHECKPOINT);
      weights = new WeightReader(checkpoint.weights);
    });

    it('vision hidden states and image embeddings', async () => {
      const vision = await session(buildVisionGraph(checkpoint.config.vision, weights, 'fp32', { exposeHidden: true }), 'vision-hidden');
      const size = checkpoint.config.vision.imageSize;
      for (const image of ['coffee', 'astronaut']) {
        const pixels = await readFloat32(path.join(ITM_FIXTURE, 'pixel_values', `${image}.f32`));
        const out = await vision.run({ [PIXEL_VALUES]: new ort.Tensor('float32', pixels, [1, 3, size, size]) });
        const embeds = await readFloat32(path.join(ITM_FIXTURE, 'image_embeds', `${image}.f32`));
        assert.ok(maxAbsDiff((out[IMAGE_EMBEDS] as ort.Tensor).data as Float32Array, embeds) < TOLERANCE, `${image} image_embeds`);
        if (image !== 'coffee') continue;
        const states = await readStates('vision_hidden/coffee.f32', checkpoint.config.vision.numLayers + 1);
        states.forEach((state, i) =>
          assert.ok(maxAbsDiff((out[visionHidden(i)] as ort.Tensor).data as Float32Array, state) < TOLERANCE, `vision hidden state ${i}`),
        );
      }
      await vision.release();
    });

    it('image features, then the text hidden states with cross-attention (ITM) and without (ITC), from one graph', async () => {
      const g = await itmGolden();
      const image = await session(buildItmImageGraph(checkpoint.config, weights), 'image');
      const text = await session(buildTextGraph(checkpoint.config, weights, { exposeHidden: true }), 'text-hidden');
      const layers = checkpoint.config.text.numLayers;
      for (const [imageName, textIndex] of [
        ['coffee', 0],
        ['astronaut', 7],
      ] as const) {
        const heads = await image.run({ [IMAGE_EMBEDS]: await referenceEmbeds(imageName) });
        assert.ok(
          maxAbsDiff((heads[IMAGE_FEAT] as ort.Tensor).data as Float32Array, g.images[imageName].image_feat) < TOLERANCE,
          `${imageName} image_feat`,
        );
        const out = await text.run(textFeeds(g.texts[textIndex].input_ids, heads, layers));
        for (const mode of ['itm', 'itc'] as const) {
          const states = await readStates(
            mode === 'itm' ? `text_hidden/${imageName}__t${textIndex}.itm.f32` : `text_hidden/t${textIndex}.itc.f32`,
            layers + 1,
          );
          states.forEach((state, i) =>
            assert.ok(
              maxAbsDiff((out[textHidden(mode, i)] as ort.Tensor).data as Float32Array, state) < TOLERANCE,
              `${imageName} text ${textIndex} ${mode} hidden state ${i}`,
            ),
          );
        }
        assert.ok(
          maxAbsDiff((out[ITM_LOGITS] as ort.Tensor).data as Float32Array, g.images[imageName].scores[textIndex].itm_logits) < TOLERANCE,
          `${imageName} text ${textIndex} ITM logits`,
        );
      }
      for (const s of [image, text]) await s.release();
    });

    it('ITC text features of every text, whatever the image', async () => {
      const g = await itmGolden();
      const image = await session(buildItmImageGraph(checkpoint.config, weights), 'image-2');
      const text = await session(buildTextGraph(checkpoint.config, weights), 'text');
      const layers = checkpoint.config.text.numLayers;
      for (const imageName of ['coffee', 'astronaut']) {
        const heads = await image.run({ [IMAGE_EMBEDS]: await referenceEmbeds(imageName) });
        for (const t of g.texts) {
          const out = await text.run(textFeeds(t.input_ids, heads, layers));
          assert.ok(
            maxAbsDiff((out[TEXT_FEAT] as ort.Tensor).data as Float32Array, t.text_feat) < TOLERANCE,
            `${imageName}: ${JSON.stringify(t.text)}`,
          );
        }
      }
      for (const s of [image, text]) await s.release();
    });

    async function referenceEmbeds(imageName: string): Promise<ort.Tensor> {
      const { imageSize, patchSize, hiddenSize } = checkpoint.config.vision;
      const embeds = await readFloat32(path.join(ITM_FIXTURE, 'image_embeds', `${imageName}.f32`));
      return new ort.Tensor('float32', embeds, [1, (imageSize / patchSize) ** 2 + 1, hiddenSize]);
    }
  });

  describe('ImageTextMatcher (our preprocessing from the image files)', () => {
    let matcher: ImageTextMatcher;
    before(async () => {
      matcher = await ImageTextMatcher.load(ITM_CHECKPOINT, { cacheDir: path.join(scratchDir(), 'itm-cache') });
    });
    after(() => matcher?.dispose());

    it('uses the kit images byte for byte', async () => {
      const g = await itmGolden();
      for (const [name, image] of Object.entries(g.images)) {
        assert.equal(
          createHash('sha256')
            .update(await fs.readFile(itmImagePath(image)))
            .digest('hex'),
          image.file_sha256,
          name,
        );
      }
    });

    it('gives the reference match probability, logits and cosine for every image x text pair', async () => {
      const g = await itmGolden();
      const texts = g.texts.map((t) => t.text);
      let worstItm = 0;
      let worstCosine = 0;
      for (const [name, image] of Object.entries(g.images)) {
        const scores = await matcher.score(itmImagePath(image), texts);
        assert.equal(scores.length, texts.length);
        for (const expected of image.scores) {
          const ours = scores[expected.text];
          const label = `${name} x text ${expected.text}`;
          assert.equal(ours.text, texts[expected.text]);
          assert.deepEqual(ours.ids, g.texts[expected.text].input_ids, label);
          assert.ok(Math.abs(ours.itm - expected.itm_match_prob) < TOLERANCE, `${label}: itm ${ours.itm} vs ${expected.itm_match_prob}`);
          assert.ok(Math.abs(ours.cosine - expected.cosine) < TOLERANCE, `${label}: cosine ${ours.cosine} vs ${expected.cosine}`);
          assert.ok(maxAbsDiff(ours.itmLogits, expected.itm_logits) < TOLERANCE, `${label}: logits`);
          worstItm = Math.max(worstItm, Math.abs(ours.itm - expected.itm_match_prob));
          worstCosine = Math.max(worstCosine, Math.abs(ours.cosine - expected.cosine));
        }
      }
      assert.equal(Object.keys(g.images).length * texts.length, 9 * 14);
      // Far inside the tolerance: a float32 runtime lands near 1e-6.
      assert.ok(worstItm < 1e-5 && worstCosine < 1e-5, `worst itm ${worstItm}, cosine ${worstCosine}`);
    });

    it('scores a text the same alone as in a batch padded to a longer text', async () => {
      const g = await itmGolden();
      const { sessions, imageConfig } = matcher;
      const image = await sessions.encodeImage(
        await sessions.encodePixels(await preprocessImage(itmImagePath(g.images.chelsea), imageConfig)),
      );
      const ids = g.texts.map((t) => t.input_ids);
      const batch = padTexts(ids, 0);
      assert.equal(batch.length, g.max_len);
      const { logits, features } = await sessions.scoreTexts(batch, image);
      const P = image.feature.length;
      for (const i of [0, 6, 9]) {
        const alone = await sessions.scoreTexts(padTexts([ids[i]], 0), image);
        assert.ok(maxAbsDiff(alone.logits, logits.subarray(2 * i, 2 * i + 2)) < 1e-5, `text ${i} logits`);
        assert.ok(maxAbsDiff(alone.features, features.subarray(i * P, (i + 1) * P)) < 1e-5, `text ${i} feature`);
      }
    });

    it('runs the image graphs once per image, and the text graph once per batch of up to 16 texts', async () => {
      const g = await itmGolden();
      const { sessions } = matcher;
      const calls = { pixels: 0, image: 0, text: [] as number[] };
      const original = { encodePixels: sessions.encodePixels, encodeImage: sessions.encodeImage, scoreTexts: sessions.scoreTexts };
      sessions.encodePixels = async (pixels) => (calls.pixels++, original.encodePixels.call(sessions, pixels));
      sessions.encodeImage = async (embeds) => (calls.image++, original.encodeImage.call(sessions, embeds));
      sessions.scoreTexts = async (batch, image) => (calls.text.push(batch.rows), original.scoreTexts.call(sessions, batch, image));
      try {
        const texts = Array.from({ length: 20 }, (_, i) => g.texts[i % g.texts.length].text);
        const scores = await matcher.score(itmImagePath(g.images.rocket), texts);
        assert.deepEqual(
          scores.map((s) => s.text),
          texts,
          'in the order given',
        );
        assert.deepEqual(calls, { pixels: 1, image: 1, text: [16, 4] });
      } finally {
        Object.assign(sessions, original);
      }
    });

    it('stops when its signal is cancelled, and scores again afterwards', async () => {
      const g = await itmGolden();
      const texts = Array.from({ length: 40 }, (_, i) => `text number ${i}`);
      const aborted = new AbortController();
      aborted.abort();
      await assert.rejects(matcher.score(itmImagePath(g.images.coffee), texts, aborted.signal), { name: 'AbortError' });
      const { sessions } = matcher;
      const original = sessions.scoreTexts;
      const later = new AbortController();
      let runs = 0;
      sessions.scoreTexts = async (batch, image) => {
        runs++;
        later.abort();
        return original.call(sessions, batch, image);
      };
      try {
        await assert.rejects(matcher.score(itmImagePath(g.images.coffee), texts, later.signal), { name: 'AbortError' });
        assert.equal(runs, 1, 'no batch after the cancellation');
      } finally {
        sessions.scoreTexts = original;
      }
      const [score] = await matcher.score(itmImagePath(g.images.coffee), [g.texts[0].text]);
      assert.ok(Math.abs(score.itm - g.images.coffee.scores[0].itm_match_prob) < TOLERANCE);
    });

    it('returns nothing for no texts, and refuses a captioning model', async () => {
      const g = await itmGolden();
      assert.deepEqual(await matcher.score(itmImagePath(g.images.coffee), []), []);
      await assert.rejects(
        ImageTextMatcher.load(path.join(__dirname, '../../fixtures/blip-reference/tiny-blip'), {
          cacheDir: path.join(scratchDir(), 'itm-cache'),
        }),
        /captioning model; matching needs an image-text matching checkpoint/,
      );
    });
  });

  describe('converted pack', () => {
    it('computes cross-attention keys and values in the image graph only, once per image', async () => {
      const checkpoint = await readCheckpoint(ITM_CHECKPOINT);
      const weights = new WeightReader(checkpoint.weights);
      const names = (g: GraphBuilder) => g.initializers.map((i) => i.name);
      const textGraph = buildTextGraph(checkpoint.config, weights);
      const text = names(textGraph);
      assert.ok(!text.some((n) => /crossattention\.self\.(key|value)/.test(n)), 'no image key/value weights in the text graph');
      assert.ok(text.some((n) => n.includes('crossattention.self.query')));
      assert.ok(names(buildItmImageGraph(checkpoint.config, weights)).some((n) => n.includes('crossattention.self.key')));
      // Both passes run the same self-attention and FFN weights, stored once.
      assert.equal(new Set(text).size, text.length, 'no initializer twice');
      const layers = checkpoint.config.text.numLayers;
      assert.equal(textGraph.opCounts().get('MultiHeadAttention'), 3 * layers, 'self-attention in both passes, cross-attention in one');
    });

    it('reads the same checkpoint saved as pytorch_model.bin (torch.save), ignoring a stray position_ids buffer', async () => {
      const g = await itmGolden();
      const dir = path.join(scratchDir(), 'itm-bin');
      await fs.mkdir(dir, { recursive: true });
      for (const file of await fs.readdir(ITM_CHECKPOINT)) {
        if (file !== 'model.safetensors') await fs.copyFile(path.join(ITM_CHECKPOINT, file), path.join(dir, file));
      }
      const tensors = new Map(await readSafetensors(path.join(ITM_CHECKPOINT, 'model.safetensors')));
      tensors.set('text_encoder.embeddings.position_ids', { dims: [1, 512], data: Float32Array.from({ length: 512 }, (_, i) => i) });
      await fs.writeFile(path.join(dir, 'pytorch_model.bin'), torchZip(tensors, { prefix: 'pytorch_model', asParameters: true }));
      const matcher = await ImageTextMatcher.load(dir, { cacheDir: path.join(scratchDir(), 'itm-bin-cache') });
      try {
        const scores = await matcher.score(
          itmImagePath(g.images.astronaut),
          g.texts.map((t) => t.text),
        );
        for (const expected of g.images.astronaut.scores) {
          assert.ok(Math.abs(scores[expected.text].itm - expected.itm_match_prob) < TOLERANCE, `text ${expected.text}`);
          assert.ok(Math.abs(scores[expected.text].cosine - expected.cosine) < TOLERANCE, `text ${expected.text}`);
        }
      } finally {
        await matcher.dispose();
      }
    });

    it('writes the four matching graphs and records the task', async () => {
      const checkpoint = await readCheckpoint(ITM_CHECKPOINT);
      assert.equal(checkpoint.config.task, 'image-text-matching');
      assert.ok([...checkpoint.weights.keys()].every((n) => /^(vision_model|text_encoder|vision_proj|text_proj|itm_head)\./.test(n)));
      const out = path.join(scratchDir(), 'itm-graphs');
      const fragment = await convertCheckpoint(checkpoint, out);
      assert.equal(fragment.task, 'image-text-matching');
      assert.deepEqual(fragment.files.map((f) => f.name).sort(), Object.values(ITM_GRAPH_FILES).sort());
      const weightBytes = [...checkpoint.weights.values()].reduce((sum, t) => sum + t.data.byteLength, 0);
      const packBytes = fragment.files.reduce((sum, f) => sum + f.bytes, 0);
      // Each weight is stored once (the text encoder's too), plus graph structure.
      assert.ok(packBytes < weightBytes * 1.1, `pack ${packBytes} bytes for ${weightBytes} bytes of weights`);
    });
  });
});
