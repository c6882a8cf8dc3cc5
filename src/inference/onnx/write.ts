import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { bytesOf, type GraphBuilder, type Initializer, type ModelOptions } from './builder';
import { DataType, EXTERNAL_DATA_LOCATION, encodeModel, type TensorMessage } from './proto';

/**
 * protobuf messages cannot exceed 2 GiB, and ONNX Runtime refuses larger model files. Above this many
 * bytes of weights a graph keeps its weights in a side file (`<model>.data`, ONNX external data).
 * BLIP-large's vision graph is about 1.2 GB in float32, so every published BLIP checkpoint fits inline.
 */
export const EXTERNAL_DATA_THRESHOLD = 1.5 * 1024 ** 3;

/** Offsets in the side file are page-aligned, as the ONNX spec recommends, so that it can be mapped. */
const EXTERNAL_ALIGNMENT = 4096;

export interface WriteModelOptions extends ModelOptions {
  /** Force weights inline (false) or into a side file (true); by default decided by size. */
  externalData?: boolean;
}

export interface WrittenFile {
  name: string;
  bytes: number;
}

/**
 * Writes a graph as `file` (and `file.data` when its weights go to a side file). Each file appears
 * under its final name only once it is complete, so a crash never leaves a truncated model behind.
 */
export async function writeModel(graph: GraphBuilder, file: string, options: WriteModelOptions): Promise<WrittenFile[]> {
  const weightBytes = graph.initializers.reduce((sum, i) => sum + i.data.byteLength, 0);
  const external = options.externalData ?? weightBytes > EXTERNAL_DATA_THRESHOLD;
  const written: WrittenFile[] = [];
  let tensor: ((init: Initializer) => TensorMessage) | undefined;
  if (external) {
    const dataName = `${path.basename(file)}.data`;
    const offsets = await writeExternalData(graph.initializers, path.join(path.dirname(file), dataName));
    written.push({ name: dataName, bytes: offsets.total });
    tensor = (init) => externalTensor(init, dataName, offsets.byName.get(init.name)!);
  }
  const bytes = encodeModel(graph.toModelMessage(options, tensor));
  await writeFileAtomic(file, bytes);
  written.push({ name: path.basename(file), bytes: bytes.byteLength });
  return written;
}

export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const temp = temporaryName(file);
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
}

function temporaryName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

async function writeExternalData(initializers: Initializer[], file: string) {
  const temp = temporaryName(file);
  const byName = new Map<string, number>();
  const handle = await fs.open(temp, 'w');
  let offset = 0;
  try {
    for (const init of initializers) {
      offset = Math.ceil(offset / EXTERNAL_ALIGNMENT) * EXTERNAL_ALIGNMENT;
      byName.set(init.name, offset);
      const bytes = bytesOf(init.data);
      await handle.write(bytes, 0, bytes.byteLength, offset);
      offset += bytes.byteLength;
    }
    await handle.close();
    await fs.rename(temp, file);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw err;
  }
  return { byName, total: offset };
}

function externalTensor(init: Initializer, location: string, offset: number): TensorMessage {
  return {
    name: init.name,
    dims: init.dims,
    data_type: DataType[init.elementType],
    data_location: EXTERNAL_DATA_LOCATION,
    external_data: [
      { key: 'location', value: location },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(init.data.byteLength) },
    ],
  };
}
