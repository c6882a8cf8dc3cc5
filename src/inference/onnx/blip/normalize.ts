import { attr, type GraphBuilder } from '../builder';

/** x / max(||x||_2, 1e-12) along the last axis: torch.nn.functional.normalize, as BLIP's ITC uses it. */
export function l2Normalize(g: GraphBuilder, x: string, name: string, output?: string): string {
  const norm = g.op('ReduceL2', [x], { name: `${name}.norm`, attrs: { axes: attr.ints([-1]), keepdims: attr.int(1) } });
  const floor = g.floats(`${name}.eps`, [1e-12], []);
  const clamped = g.op('Max', [norm, floor], { name: `${name}.clamp` });
  return g.op('Div', [x, clamped], { name, output });
}

/** Row 0 along the sequence axis ([batch, sequence, D] -> [batch, D]): the class / [CLS] token. */
export function firstToken(g: GraphBuilder, x: string, name: string): string {
  return g.op('Gather', [x, g.int64s(`${name}.index`, [0], [])], { name, attrs: { axis: attr.int(1) } });
}
