import type { Tensor } from '../../src/inference/checkpoint/tensor';

/**
 * BlipForImageTextRetrieval written out in plain TypeScript (float64, loops, no fusion), straight
 * from transformers' modeling_blip.py / modeling_blip_text.py: the independent reference the
 * converted graphs are checked against on checkpoints of any size. Small models only.
 */
export interface ItmReferenceDims {
  vision: { hidden: number; layers: number; heads: number; patch: number; image: number; eps: number };
  text: { hidden: number; layers: number; heads: number; eps: number };
}

type Matrix = { rows: number; cols: number; data: Float64Array };

export class ItmReference {
  constructor(
    private readonly weights: ReadonlyMap<string, Tensor>,
    private readonly dims: ItmReferenceDims,
  ) {}

  private w(name: string): Float32Array {
    const t = this.weights.get(name);
    if (!t) throw new Error(`reference: no tensor ${name}`);
    return t.data;
  }

  /** x W^T + b for a torch Linear named `name`. */
  private linear(x: Matrix, name: string): Matrix {
    const weight = this.w(`${name}.weight`);
    const bias = this.w(`${name}.bias`);
    const outF = bias.length;
    const out = new Float64Array(x.rows * outF);
    for (let r = 0; r < x.rows; r++) {
      for (let o = 0; o < outF; o++) {
        let s = bias[o];
        for (let i = 0; i < x.cols; i++) s += x.data[r * x.cols + i] * weight[o * x.cols + i];
        out[r * outF + o] = s;
      }
    }
    return { rows: x.rows, cols: outF, data: out };
  }

  private layerNorm(x: Matrix, name: string, eps: number): Matrix {
    const gamma = this.w(`${name}.weight`);
    const beta = this.w(`${name}.bias`);
    const out = new Float64Array(x.data.length);
    for (let r = 0; r < x.rows; r++) {
      const row = x.data.subarray(r * x.cols, (r + 1) * x.cols);
      const mean = row.reduce((a, b) => a + b, 0) / x.cols;
      const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / x.cols;
      for (let i = 0; i < x.cols; i++) out[r * x.cols + i] = ((row[i] - mean) / Math.sqrt(variance + eps)) * gamma[i] + beta[i];
    }
    return { rows: x.rows, cols: x.cols, data: out };
  }

  /** softmax(q k^T / sqrt(hd) + keyBias) v per head; keyBias[j] is added to every score on key j. */
  private attention(q: Matrix, k: Matrix, v: Matrix, heads: number, keyBias?: Float64Array): Matrix {
    const D = q.cols;
    const hd = D / heads;
    const out = new Float64Array(q.rows * D);
    const scores = new Float64Array(k.rows);
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < q.rows; i++) {
        let max = -Infinity;
        for (let j = 0; j < k.rows; j++) {
          let s = 0;
          for (let c = 0; c < hd; c++) s += q.data[i * D + h * hd + c] * k.data[j * D + h * hd + c];
          s = s / Math.sqrt(hd) + (keyBias ? keyBias[j] : 0);
          scores[j] = s;
          max = Math.max(max, s);
        }
        let sum = 0;
        for (let j = 0; j < k.rows; j++) sum += scores[j] = Math.exp(scores[j] - max);
        for (let c = 0; c < hd; c++) {
          let s = 0;
          for (let j = 0; j < k.rows; j++) s += (scores[j] / sum) * v.data[j * D + h * hd + c];
          out[i * D + h * hd + c] = s;
        }
      }
    }
    return { rows: q.rows, cols: D, data: out };
  }

  /** pixel_values (3 x H x W) -> image_embeds (tokens x D), after post_layernorm. */
  imageEmbeds(pixels: Float32Array): Matrix {
    const { hidden: D, layers, heads, patch, image, eps } = this.dims.vision;
    const grid = image / patch;
    const tokens = grid * grid + 1;
    const conv = this.w('vision_model.embeddings.patch_embedding.weight');
    const convBias = this.w('vision_model.embeddings.patch_embedding.bias');
    const classToken = this.w('vision_model.embeddings.class_embedding');
    const positions = this.w('vision_model.embeddings.position_embedding');
    let x: Matrix = { rows: tokens, cols: D, data: new Float64Array(tokens * D) };
    for (let d = 0; d < D; d++) x.data[d] = classToken[d] + positions[d];
    for (let py = 0; py < grid; py++) {
      for (let px = 0; px < grid; px++) {
        const t = 1 + py * grid + px;
        for (let d = 0; d < D; d++) {
          let s = convBias[d];
          for (let c = 0; c < 3; c++) {
            for (let ky = 0; ky < patch; ky++) {
              for (let kx = 0; kx < patch; kx++)
                s += conv[((d * 3 + c) * patch + ky) * patch + kx] * pixels[(c * image + py * patch + ky) * image + px * patch + kx];
            }
          }
          x.data[t * D + d] = s + positions[t * D + d];
        }
      }
    }
    for (let l = 0; l < layers; l++) {
      const p = `vision_model.encoder.layers.${l}`;
      const qkv = this.linear(this.layerNorm(x, `${p}.layer_norm1`, eps), `${p}.self_attn.qkv`);
      const part = (which: number): Matrix => {
        const data = new Float64Array(tokens * D);
        for (let t = 0; t < tokens; t++) data.set(qkv.data.subarray(t * 3 * D + which * D, t * 3 * D + (which + 1) * D), t * D);
        return { rows: tokens, cols: D, data };
      };
      x = add(x, this.linear(this.attention(part(0), part(1), part(2), heads), `${p}.self_attn.projection`));
      x = add(x, this.linear(gelu(this.linear(this.layerNorm(x, `${p}.layer_norm2`, eps), `${p}.mlp.fc1`)), `${p}.mlp.fc2`));
    }
    return this.layerNorm(x, 'vision_model.post_layernorm', eps);
  }

  /** The text encoder's last hidden state for one unpadded text, with or without the image. */
  textEncoder(ids: readonly number[], image?: Matrix): Matrix {
    const { hidden: D, layers, heads, eps } = this.dims.text;
    const words = this.w('text_encoder.embeddings.word_embeddings.weight');
    const positions = this.w('text_encoder.embeddings.position_embeddings.weight');
    let x: Matrix = { rows: ids.length, cols: D, data: new Float64Array(ids.length * D) };
    ids.forEach((id, t) => {
      for (let d = 0; d < D; d++) x.data[t * D + d] = words[id * D + d] + positions[t * D + d];
    });
    x = this.layerNorm(x, 'text_encoder.embeddings.LayerNorm', eps);
    for (let l = 0; l < layers; l++) {
      const p = `text_encoder.encoder.layer.${l}`;
      const self = this.attention(
        this.linear(x, `${p}.attention.self.query`),
        this.linear(x, `${p}.attention.self.key`),
        this.linear(x, `${p}.attention.self.value`),
        heads,
      );
      x = this.layerNorm(add(this.linear(self, `${p}.attention.output.dense`), x), `${p}.attention.output.LayerNorm`, eps);
      if (image) {
        const cross = this.attention(
          this.linear(x, `${p}.crossattention.self.query`),
          this.linear(image, `${p}.crossattention.self.key`),
          this.linear(image, `${p}.crossattention.self.value`),
          heads,
        );
        x = this.layerNorm(add(this.linear(cross, `${p}.crossattention.output.dense`), x), `${p}.crossattention.output.LayerNorm`, eps);
      }
      const ffn = this.linear(gelu(this.linear(x, `${p}.intermediate.dense`)), `${p}.output.dense`);
      x = this.layerNorm(add(ffn, x), `${p}.output.LayerNorm`, eps);
    }
    return x;
  }

  /** p(match) and the ITC cosine of one text against one image. */
  score(pixels: Float32Array, ids: readonly number[]): { itm: number; cosine: number } {
    const image = this.imageEmbeds(pixels);
    const [no, yes] = this.linear(firstRow(this.textEncoder(ids, image)), 'itm_head').data;
    const imageFeat = normalize(this.linear(firstRow(image), 'vision_proj').data);
    const textFeat = normalize(this.linear(firstRow(this.textEncoder(ids)), 'text_proj').data);
    return { itm: Math.exp(yes) / (Math.exp(no) + Math.exp(yes)), cosine: imageFeat.reduce((s, a, i) => s + a * textFeat[i], 0) };
  }
}

function add(a: Matrix, b: Matrix): Matrix {
  return { rows: a.rows, cols: a.cols, data: a.data.map((x, i) => x + b.data[i]) };
}

/** GELU, exact erf form, as BLIP's `gelu` activation. */
function gelu(x: Matrix): Matrix {
  return { rows: x.rows, cols: x.cols, data: x.data.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))) };
}

function firstRow(x: Matrix): Matrix {
  return { rows: 1, cols: x.cols, data: x.data.slice(0, x.cols) };
}

function normalize(v: Float64Array): Float64Array {
  const norm = Math.max(Math.sqrt(v.reduce((s, a) => s + a * a, 0)), 1e-12);
  return v.map((a) => a / norm);
}

/** erf to double precision: Taylor series near 0, continued fraction of erfc beyond. */
export function erf(x: number): number {
  const a = Math.abs(x);
  let r: number;
  if (a < 2.5) {
    let term = a;
    let sum = a;
    for (let n = 1; n < 60; n++) {
      term *= (-a * a) / n;
      sum += term / (2 * n + 1);
    }
    r = (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // erfc(a) = exp(-a^2)/sqrt(pi) * 1/(a + 1/2/(a + 1/(a + 3/2/(a + ...)))), evaluated from the tail.
    let f = 0;
    for (let n = 60; n >= 1; n--) f = n / 2 / (a + f);
    r = 1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / (a + f);
  }
  return x < 0 ? -r : r;
}
