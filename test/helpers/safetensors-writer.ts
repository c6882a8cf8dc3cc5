import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeSafetensors } from '../../src/inference/checkpoint/safetensorsWriter';
import type { Tensor } from '../../src/inference/checkpoint/tensor';

/** Serialises float32 tensors as a safetensors file. */
export function encodeSafetensors(tensors: Map<string, Tensor>): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of tensors) {
    header[name] = { dtype: 'F32', shape: t.dims, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors.values()) {
    out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  return out;
}

/**
 * Splits tensors over `shards` files named as transformers names them, plus the index that maps
 * every tensor to its shard. Returns the index's weight_map.
 */
export async function writeShardedSafetensors(dir: string, tensors: Map<string, Tensor>, shards: number): Promise<Record<string, string>> {
  const names = [...tensors.keys()];
  const weightMap: Record<string, string> = {};
  const pad = (n: number): string => String(n).padStart(5, '0');
  for (let s = 0; s < shards; s++) {
    const file = `model-${pad(s + 1)}-of-${pad(shards)}.safetensors`;
    const part = new Map(names.filter((_, i) => i % shards === s).map((n) => [n, tensors.get(n)!]));
    for (const name of part.keys()) weightMap[name] = file;
    await writeSafetensors(
      path.join(dir, file),
      new Map([...part].map(([n, t]) => [n, { dims: t.dims, fill: (out: Float32Array) => out.set(t.data) }])),
    );
  }
  await fs.writeFile(
    path.join(dir, 'model.safetensors.index.json'),
    JSON.stringify({ metadata: { total_size: 0 }, weight_map: weightMap }),
  );
  return weightMap;
}
