import { imageTokenCount, type BlipConfig } from '../../checkpoint/config';
import type { Precision } from '../../types';
import { attr, GraphBuilder } from '../builder';
import { crossKey, crossValue, INPUT_IDS } from './io';
import { ATTENTION_MASK, ITM_LOGITS, TEXT_FEAT, textHidden, type TextMode } from './itmIo';
import { bertOutput, bertQkv, linear, linearGelu, MS_DOMAIN, parameter, skipLayerNorm } from './layers';
import { firstToken, l2Normalize } from './normalize';
import type { WeightReader } from './weights';

export interface TextGraphOptions {
  precision?: Precision;
  /** Also output every hidden state of both passes (`text_hidden.{mode}.{i}`), for tests that localise a disagreement. */
  exposeHidden?: boolean;
}

/**
 * BLIP's text encoder (`BlipTextModel`, a post-LN BERT) over a batch of texts padded to one length,
 * run twice on the same embeddings and the same stored weights:
 *
 * - ITM: every layer cross-attends to one image's precomputed keys and values; the [CLS] row goes
 *   through `itm_head` (`itm_logits`, [no match, match]).
 * - ITC: the same layers without any cross-attention, as transformers runs them for
 *   `use_itm_head=False`; the [CLS] row through `text_proj`, L2-normalised (`text_feat`).
 *
 * Embeddings: LayerNorm(word + position), no token types. Each layer: bidirectional self-attention
 * with the padding mask on the keys, cross-attention (ITM only), the FFN, each followed by
 * LayerNorm(dense + residual).
 *
 * Cross-attention reads one image for the whole batch: its rows do not interact, so the batch of
 * texts is folded into one long query sequence against the image's keys and values, which are
 * computed once per image and never repeated per text.
 */
export function buildTextGraph(cfg: BlipConfig, w: WeightReader, options: TextGraphOptions = {}): GraphBuilder {
  const { exposeHidden = false } = options;
  const precision = options.precision ?? 'fp32';
  // Both passes ask for the same initializers; the graph stores them once.
  const g = new GraphBuilder('blip_itm_text', { shareInitializers: true });
  const t = cfg.text;
  const D = t.hiddenSize;
  const headSize = D / t.numHeads;
  const tokens = imageTokenCount(cfg.vision);
  const enc = w.at('text_encoder');

  const ids = g.input(INPUT_IDS, 'int64', ['batch', 'sequence']);
  const mask = g.input(ATTENTION_MASK, 'int64', ['batch', 'sequence']);
  for (let l = 0; l < t.numLayers; l++) {
    g.input(crossKey(l), 'float', [1, t.numHeads, tokens, headSize]);
    g.input(crossValue(l), 'float', [1, t.numHeads, tokens, headSize]);
  }
  // MultiHeadAttention's key padding mask: int32 [batch, sequence], 0 = padding. Its masked scores
  // get -10000, as BlipTextModel's extended mask adds (1 - mask) * -10000.
  const keyPadding = g.op('Cast', [mask], { name: 'key_padding_mask', attrs: { to: attr.int(6) } });

  const length = g.op('Shape', [ids], { name: 'sequence_length', attrs: { start: attr.int(1), end: attr.int(2) } });
  const scalarAxis = g.int64s('scalar_axis', [0]);
  const positions = g.op('Range', [g.int64s('zero', [0], []), g.op('Squeeze', [length, scalarAxis]), g.int64s('one', [1], [])], {
    name: 'positions',
  });
  const emb = enc.at('embeddings');
  const wordTable = parameter(g, emb, 'word_embeddings.weight', [t.vocabSize, D]);
  const positionTable = parameter(g, emb, 'position_embeddings.weight', [t.maxPositions, D]);
  const words = g.op('Gather', [wordTable, ids], { name: 'word_embeddings' });
  const placed = g.op('Gather', [positionTable, positions], { name: 'position_embeddings' });
  const embeddings = skipLayerNorm(g, { input: words, skip: placed, norm: emb.norm('LayerNorm', D), epsilon: t.layerNormEps }).out;

  const pass = (mode: TextMode): string => {
    const states = encoderLayers(g, cfg, enc, embeddings, keyPadding, mode, precision);
    if (exposeHidden) {
      states.forEach((state, i) => {
        g.op('Identity', [state], { output: textHidden(mode, i) });
        g.output(textHidden(mode, i), 'float', ['batch', 'sequence', D]);
      });
    }
    return firstToken(g, states[states.length - 1], `${mode}.cls`);
  };

  const logits = linear(g, pass('itm'), w.linear('itm_head', D, 2), precision);
  g.op('Identity', [logits], { output: ITM_LOGITS });
  g.output(ITM_LOGITS, 'float', ['batch', 2]);

  const projected = linear(g, pass('itc'), w.linear('text_proj', D, cfg.imageTextHiddenSize), precision);
  l2Normalize(g, projected, 'text_feat.normalize', TEXT_FEAT);
  g.output(TEXT_FEAT, 'float', ['batch', cfg.imageTextHiddenSize]);
  return g;
}

/** Every encoder layer on `embeddings`, with cross-attention in ITM mode; returns the embeddings and each layer's output. */
function encoderLayers(
  g: GraphBuilder,
  cfg: BlipConfig,
  enc: WeightReader,
  embeddings: string,
  keyPadding: string,
  mode: TextMode,
  precision: Precision,
): string[] {
  const t = cfg.text;
  const D = t.hiddenSize;
  const states = [embeddings];
  let hidden = embeddings;
  // [batch, sequence, D] <-> [1, batch * sequence, D] for the cross-attention against one image.
  const folded = mode === 'itm' ? g.int64s('folded_shape', [1, -1, D]) : '';
  // LayerNorm outputs are named per pass: the weights are shared, the values are not.
  const block = { hiddenSize: D, epsilon: t.layerNormEps, precision, outputPrefix: mode };
  for (let l = 0; l < t.numLayers; l++) {
    const layer = enc.at(`encoder.layer.${l}`);
    const self = layer.at('attention.self');
    const { q, k, v, bias } = bertQkv(g, hidden, self, D, precision);
    const context = g.op('MultiHeadAttention', [q, k, v, bias, keyPadding], {
      domain: MS_DOMAIN,
      name: `${mode}/${self.scope}`,
      attrs: { num_heads: attr.int(t.numHeads) },
    });
    hidden = bertOutput(g, layer.at('attention.output'), context, hidden, { ...block, inFeatures: D });

    if (mode === 'itm') {
      const cross = layer.at('crossattention.self');
      const query = linear(g, hidden, cross.linear('query', D, D), precision);
      const foldedQuery = g.op('Reshape', [query, folded]);
      const crossContext = g.op('MultiHeadAttention', [foldedQuery, crossKey(l), crossValue(l)], {
        domain: MS_DOMAIN,
        name: cross.scope,
        attrs: { num_heads: attr.int(t.numHeads) },
      });
      const unfolded = g.op('Reshape', [crossContext, g.op('Shape', [hidden])]);
      hidden = bertOutput(g, layer.at('crossattention.output'), unfolded, hidden, { ...block, inFeatures: D });
    }

    const intermediate = linearGelu(g, hidden, layer.linear('intermediate.dense', D, t.intermediateSize), precision);
    hidden = bertOutput(g, layer.at('output'), intermediate, hidden, { ...block, inFeatures: t.intermediateSize });
    states.push(hidden);
  }
  return states;
}
