import { imageTokenCount, type BlipConfig } from '../../checkpoint/config';
import type { Precision } from '../../types';
import { attr, GraphBuilder } from '../builder';
import { crossKey, crossValue, INPUT_IDS } from './io';
import { ATTENTION_MASK, ITM_LOGITS, TEXT_FEAT, textHidden } from './itmIo';
import { linear, linearGelu, matmul, MS_DOMAIN, skipLayerNorm } from './layers';
import { firstToken, l2Normalize } from './normalize';
import { concatLinear, type WeightReader } from './weights';

export interface TextEncoderGraphOptions {
  /**
   * 'itm': every layer cross-attends to one image's precomputed keys and values and the [CLS] row
   * goes through `itm_head`. 'itc': the same encoder without any cross-attention (as transformers
   * runs it for `use_itm_head=False`), the [CLS] row through `text_proj`, L2-normalised.
   */
  mode: 'itm' | 'itc';
  precision?: Precision;
  /** Also output every hidden state (`text_hidden.{i}`), for tests that localise a disagreement. */
  exposeHidden?: boolean;
}

/**
 * BLIP's text encoder (`BlipTextModel`, a post-LN BERT) over a batch of texts padded to one length:
 * LayerNorm(word + position embeddings), then per layer bidirectional self-attention with the
 * padding mask on the keys, cross-attention (ITM only), and the FFN, each followed by
 * LayerNorm(dense + residual). There are no token-type embeddings.
 *
 * Cross-attention reads one image for the whole batch: its rows do not interact, so the batch of
 * texts is folded into one long query sequence against the image's keys and values, which are
 * computed once per image and never repeated per text.
 */
export function buildTextEncoderGraph(cfg: BlipConfig, w: WeightReader, options: TextEncoderGraphOptions): GraphBuilder {
  const { mode, exposeHidden = false } = options;
  const precision = options.precision ?? 'fp32';
  const g = new GraphBuilder(mode === 'itm' ? 'blip_itm_text' : 'blip_itc_text');
  const t = cfg.text;
  const D = t.hiddenSize;
  const eps = t.layerNormEps;
  const headSize = D / t.numHeads;
  const tokens = imageTokenCount(cfg.vision);
  const enc = w.at('text_encoder');

  const ids = g.input(INPUT_IDS, 'int64', ['batch', 'sequence']);
  const mask = g.input(ATTENTION_MASK, 'int64', ['batch', 'sequence']);
  if (mode === 'itm') {
    for (let l = 0; l < t.numLayers; l++) {
      g.input(crossKey(l), 'float', [1, t.numHeads, tokens, headSize]);
      g.input(crossValue(l), 'float', [1, t.numHeads, tokens, headSize]);
    }
  }
  // MultiHeadAttention's key padding mask: int32 [batch, sequence], 0 = padding. Its masked scores
  // get -10000, as BlipTextModel's extended mask adds (1 - mask) * -10000.
  const keyPadding = g.op('Cast', [mask], { name: 'key_padding_mask', attrs: { to: attr.int(6) } });

  const length = g.op('Shape', [ids], { name: 'sequence_length', attrs: { start: attr.int(1), end: attr.int(2) } });
  const scalarAxis = g.int64s('scalar_axis', [0]);
  const positions = g.op('Range', [g.int64s('zero', [0], []), g.op('Squeeze', [length, scalarAxis]), g.int64s('one', [1], [])], { name: 'positions' });
  const emb = enc.at('embeddings');
  const wordTable = g.initializer(emb.full('word_embeddings.weight'), emb.tensor('word_embeddings.weight', [t.vocabSize, D]), [t.vocabSize, D]);
  const positionTable = g.initializer(emb.full('position_embeddings.weight'), emb.tensor('position_embeddings.weight', [t.maxPositions, D]), [t.maxPositions, D]);
  const words = g.op('Gather', [wordTable, ids], { name: 'word_embeddings' });
  const placed = g.op('Gather', [positionTable, positions], { name: 'position_embeddings' });
  let hidden = skipLayerNorm(g, { input: words, skip: placed, norm: emb.norm('LayerNorm', D), epsilon: eps, name: emb.full('LayerNorm') }).out;
  const hiddenStates = [hidden];

  // [batch, sequence, D] <-> [1, batch * sequence, D] for the cross-attention against one image.
  const folded = mode === 'itm' ? g.int64s('folded_shape', [1, -1, D]) : '';
  for (let l = 0; l < t.numLayers; l++) {
    const layer = enc.at(`encoder.layer.${l}`);
    const self = layer.at('attention.self');
    const qkv = concatLinear(['query', 'key', 'value'].map((p) => self.linear(p, D, D)));
    const projected = matmul(g, hidden, qkv, self.full('qkv'), precision);
    const [q, k, v] = g.node('Split', [projected.out, g.int64s('qkv_split', [D, D, D])], { outputs: 3, attrs: { axis: attr.int(-1) } });
    const context = g.op('MultiHeadAttention', [q, k, v, projected.bias, keyPadding], { domain: MS_DOMAIN, name: layer.full('attention.self'), attrs: { num_heads: attr.int(t.numHeads) } });
    hidden = denseAndNorm(g, layer.at('attention.output'), context, hidden, D, eps, precision);

    if (mode === 'itm') {
      const cross = layer.at('crossattention');
      const query = linear(g, hidden, cross.linear('self.query', D, D), cross.full('self.query'), precision);
      const foldedQuery = g.op('Reshape', [query, folded]);
      const crossContext = g.op('MultiHeadAttention', [foldedQuery, crossKey(l), crossValue(l)], { domain: MS_DOMAIN, name: cross.full('self'), attrs: { num_heads: attr.int(t.numHeads) } });
      const unfolded = g.op('Reshape', [crossContext, g.op('Shape', [hidden])]);
      hidden = denseAndNorm(g, cross.at('output'), unfolded, hidden, D, eps, precision);
    }

    const intermediate = linearGelu(g, hidden, layer.linear('intermediate.dense', D, t.intermediateSize), layer.full('intermediate.dense'), precision);
    hidden = denseAndNorm(g, layer.at('output'), intermediate, hidden, D, eps, precision, t.intermediateSize);
    hiddenStates.push(hidden);
  }

  const cls = firstToken(g, hidden, 'cls');
  if (mode === 'itm') {
    const logits = linear(g, cls, w.linear('itm_head', D, 2), 'itm_head', precision);
    g.op('Identity', [logits], { output: ITM_LOGITS });
    g.output(ITM_LOGITS, 'float', ['batch', 2]);
  } else {
    const projected = linear(g, cls, w.linear('text_proj', D, cfg.imageTextHiddenSize), 'text_proj', precision);
    l2Normalize(g, projected, 'text_feat.normalize', TEXT_FEAT);
    g.output(TEXT_FEAT, 'float', ['batch', cfg.imageTextHiddenSize]);
  }
  if (exposeHidden) {
    hiddenStates.forEach((state, i) => {
      g.op('Identity', [state], { output: textHidden(i) });
      g.output(textHidden(i), 'float', ['batch', 'sequence', D]);
    });
  }
  return g;
}

/** LayerNorm(dense(x) + residual), BERT's `*Output` blocks, in one fused kernel after the MatMul. */
function denseAndNorm(g: GraphBuilder, block: WeightReader, x: string, residual: string, D: number, eps: number, precision: Precision, inFeatures = D): string {
  const dense = matmul(g, x, block.linear('dense', inFeatures, D), block.full('dense'), precision);
  return skipLayerNorm(g, { input: dense.out, skip: residual, bias: dense.bias, norm: block.norm('LayerNorm', D), epsilon: eps, name: block.full('LayerNorm') }).out;
}
