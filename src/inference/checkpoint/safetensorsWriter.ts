import { promises as fs } from 'node:fs';
import { elementCount } from './tensor';

/** A tensor to write: its shape, and a function that fills its float32 data when its turn comes. */
export interface TensorToWrite {
  dims: number[];
  fill: (out: Float32Array) => void;
}

/**
 * Writes an F32 safetensors file one tensor at a time, so that a checkpoint larger than memory
 * comfortably allows (BLIP-large is 1.8 GB) never has to exist in memory whole.
 */
export async function writeSafetensors(
  path: string,
  tensors: Map<string, TensorToWrite>,
  metadata: Record<string, string> = { format: 'pt' },
): Promise<void> {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, t] of tensors) {
    const bytes = elementCount(t.dims) * 4;
    header[name] = { dtype: 'F32', shape: t.dims, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // The format asks for the data to start 8-byte aligned; pad the header with spaces.
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const file = await fs.open(path, 'w');
  try {
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
    await file.write(prefix);
    await file.write(json);
    for (const t of tensors.values()) {
      const data = new Float32Array(elementCount(t.dims));
      t.fill(data);
      await file.write(new Uint8Array(data.buffer));
    }
  } finally {
    await file.close();
  }
}
