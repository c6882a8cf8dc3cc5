import { imageTokenCount, type BlipConfig } from '../../checkpoint/config';
import type { Precision } from '../../types';
import { attr, GraphBuilder } from '../builder';
import { quantizedTiedTable } from '../quantize/tiedTable';
import { crossKey, crossValue, IMAGE_EMBEDS, INPUT_IDS, LOGITS, pastKey, pastValue, presentKey, presentValue } from './io';
import { bertOutput, bertQkv, layerNorm, linear, linearGelu, MS_DOMAIN, parameter, skipLayerNorm } from './layers';
import type { WeightReader } from './weights';

export interface DecoderGraphOptions {
  precision?: Precision;
  /**
   * 'cached' (the runtime's graph): cross-attention keys and values come in precomputed
   * (cross_kv.onnx, once per image). 'recomputed': the graph takes `image_embeds` and projects them
   * again at every step, as runtimes without that cache do; only the benchmark builds it, to measure
   * what the cache saves.
   */
  crossAttention?: 'cached' | 'recomputed';
}

/**
 * The BLIP text decoder (a post-LN BERT with cross-attention) for any number of new tokens on top of a
 * self-attention cache: embeddings at positions past..past+sequence-1, causal self-attention through
 * MultiHeadAttention with past/present keys and values, cross-attention on precomputed image keys and
 * values, the FFN, and the LM head (tied to the word embeddings unless the checkpoint says otherwise).
 */
export function buildDecoderGraph(cfg: BlipConfig, w: WeightReader, options: DecoderGraphOptions = {}): GraphBuilder {
  const precision = options.precision ?? 'fp32';
  const recomputed = options.crossAttention === 'recomputed';
  const g = new GraphBuilder('blip_decoder');
  const t = cfg.text;
  const D = t.hiddenSize;
  const headSize = D / t.numHeads;
  const tokens = imageTokenCount(cfg.vision);
  const eps = t.layerNormEps;

  const ids = g.input(INPUT_IDS, 'int64', ['batch', 'sequence']);
  for (let l = 0; l < t.numLayers; l++) {
    g.input(pastKey(l), 'float', ['batch', t.numHeads, 'past_sequence', headSize]);
    g.input(pastValue(l), 'float', ['batch', t.numHeads, 'past_sequence', headSize]);
  }
  const embeds = recomputed ? g.input(IMAGE_EMBEDS, 'float', ['batch', tokens, t.encoderHiddenSize]) : undefined;
  for (let l = 0; l < t.numLayers && !recomputed; l++) {
    g.input(crossKey(l), 'float', ['batch', t.numHeads, tokens, headSize]);
    g.input(crossValue(l), 'float', ['batch', t.numHeads, tokens, headSize]);
  }

  // Positions of the new tokens follow the cache: past_sequence .. past_sequence + sequence - 1.
  const pastLength = g.op('Shape', [pastKey(0)], { name: 'past_length', attrs: { start: attr.int(2), end: attr.int(3) } });
  const newLength = g.op('Shape', [ids], { name: 'new_length', attrs: { start: attr.int(1), end: attr.int(2) } });
  const scalarAxis = g.int64s('scalar_axis', [0]);
  const first = g.op('Squeeze', [pastLength, scalarAxis]);
  const end = g.op('Squeeze', [g.op('Add', [pastLength, newLength]), scalarAxis]);
  const positions = g.op('Range', [first, end, g.int64s('one', [1], [])], { name: 'positions' });

  const decoder = w.at('text_decoder');
  const bert = decoder.at('bert');
  const vocabulary = vocabularyTables(g, decoder, t.vocabSize, D, precision);
  const positionTable = parameter(g, bert, 'embeddings.position_embeddings.weight', [t.maxPositions, D]);
  const words = vocabulary.words(ids);
  const placed = g.op('Gather', [positionTable, positions], { name: 'position_embeddings' });
  let { out: hidden } = skipLayerNorm(g, { input: words, skip: placed, norm: bert.norm('embeddings.LayerNorm', D), epsilon: eps });
  const block = { hiddenSize: D, epsilon: eps, precision };

  for (let l = 0; l < t.numLayers; l++) {
    const layer = bert.at(`encoder.layer.${l}`);
    // Self-attention: one MatMul for Q, K and V; their biases are added inside MultiHeadAttention.
    const self = layer.at('attention.self');
    const { q, k, v, bias } = bertQkv(g, hidden, self, D, precision);
    const [context] = g.node('MultiHeadAttention', [q, k, v, bias, '', '', pastKey(l), pastValue(l)], {
      domain: MS_DOMAIN,
      name: self.scope,
      outputs: [`${self.scope}/context`, presentKey(l), presentValue(l)],
      attrs: { num_heads: attr.int(t.numHeads), unidirectional: attr.int(1) },
    });
    hidden = bertOutput(g, layer.at('attention.output'), context, hidden, { ...block, inFeatures: D });

    // Cross-attention: only the query is projected here; keys and values come in precomputed.
    const cross = layer.at('crossattention.self');
    const query = linear(g, hidden, cross.linear('query', D, D), precision);
    // Recomputed keys and values stay [batch, tokens, hidden]; MultiHeadAttention splits the heads.
    const [key, value] = embeds
      ? (['key', 'value'] as const).map((part) => linear(g, embeds, cross.linear(part, t.encoderHiddenSize, D), precision))
      : [crossKey(l), crossValue(l)];
    const crossContext = g.op('MultiHeadAttention', [query, key, value], {
      domain: MS_DOMAIN,
      name: cross.scope,
      attrs: { num_heads: attr.int(t.numHeads) },
    });
    hidden = bertOutput(g, layer.at('crossattention.output'), crossContext, hidden, { ...block, inFeatures: D });

    const intermediate = linearGelu(g, hidden, layer.linear('intermediate.dense', D, t.intermediateSize), precision);
    hidden = bertOutput(g, layer.at('output'), intermediate, hidden, { ...block, inFeatures: t.intermediateSize });
  }

  const head = decoder.at('cls.predictions');
  const transformed = layerNorm(
    g,
    linearGelu(g, hidden, head.linear('transform.dense', D, D), precision),
    head.norm('transform.LayerNorm', D),
    eps,
  );
  const headBias = parameter(g, head, 'bias', [t.vocabSize]);
  const rows = g.op('Reshape', [transformed, g.int64s('rows_shape', [-1, D])]);
  const scores = vocabulary.scores(rows, headBias);
  const logitsShape = g.op('Concat', [g.op('Shape', [ids]), g.int64s('vocab', [t.vocabSize])], { attrs: { axis: attr.int(0) } });
  g.op('Reshape', [scores, logitsShape], { output: LOGITS });

  g.output(LOGITS, 'float', ['batch', 'sequence', t.vocabSize]);
  for (let l = 0; l < t.numLayers; l++) {
    g.output(presentKey(l), 'float', ['batch', t.numHeads, 'total_sequence', headSize]);
    g.output(presentValue(l), 'float', ['batch', t.numHeads, 'total_sequence', headSize]);
  }
  return g;
}

/**
 * The word-embedding lookup and the LM head. BLIP ties the head to the embeddings (a checkpoint may
 * leave it out, or store an equal copy): the table is then stored once. In float32, Gemm with transB
 * reads the [vocab, hidden] table in place; a quantized pack stores the table quantized and gathers
 * (dequantized) rows from that same copy. An untied head gets its own initializer.
 */
function vocabularyTables(g: GraphBuilder, decoder: WeightReader, vocab: number, hidden: number, precision: Precision) {
  const head = decoder.at('cls.predictions.decoder');
  const embeddings = 'bert.embeddings.word_embeddings.weight';
  const words = decoder.tensor(embeddings, [vocab, hidden]);
  const own = head.has('weight') ? head.tensor('weight', [vocab, hidden]) : words;
  const tied = own === words || own.every((x, i) => x === words[i]);
  const wordTable = () => g.initializer(decoder.full(embeddings), words, [vocab, hidden]);
  if (precision === 'fp32') {
    const table = wordTable();
    const headTable = tied ? table : g.initializer(head.full('weight'), own, [vocab, hidden]);
    return {
      words: (ids: string) => g.op('Gather', [table, ids], { name: 'word_embeddings' }),
      scores: (rows: string, bias: string) => g.op('Gemm', [rows, headTable, bias], { name: head.scope, attrs: { transB: attr.int(1) } }),
    };
  }
  const headTable = quantizedTiedTable(g, own, vocab, hidden, head.scope, precision);
  const lookup = tied ? headTable.rows : (ids: string) => g.op('Gather', [wordTable(), ids], { name: 'word_embeddings' });
  return {
    words: lookup,
    scores: (rows: string, bias: string) => g.op('Add', [headTable.scores(rows), bias], { name: `${head.scope}.add` }),
  };
}
