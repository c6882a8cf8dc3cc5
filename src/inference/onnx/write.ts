import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { bytesOf, inlineTensor, type GraphBuilder, type Initializer, type ModelOptions } from './builder';
import { DataType, EXTERNAL_DATA_LOCATION, encodeModel, type TensorMessage } from './proto';

/**
 * Above this many bytes of weights a graph keeps them in a side file (`<model>.data`, ONNX external
 * data). onnxruntime maps such a file into memory instead of reading the model into a buffer and
 * copying each weight out of it, which makes a BLIP-base pack load faster and peak lower (measured in
 * docs/performance.md); it is also the only way past protobuf's and ONNX Runtime's 2 GiB limit on a
 * model file. Small graphs (the test checkpoints) stay in one file.
 */
export const EXTERNAL_DATA_THRESHOLD = 4 * 1024 ** 2;

/** Offsets in the side file are page-aligned, as the ONNX spec recommends, so that it can be mapped. */
const EXTERNAL_ALIGNMENT = 4096;

/**
 * Smaller initializers stay inline even when the weights go to a side file: shape and axis constants
 * must, because onnxruntime's shape inference reads them before external data is loaded (a Reshape
 * whose shape is external fails to load), and a page per tiny tensor would waste the file's room.
 */
const EXTERNAL_MIN_BYTES = 4096;

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
    const large = graph.initializers.filter((init) => init.data.byteLength >= EXTERNAL_MIN_BYTES);
    const offsets = await writeExternalData(large, path.join(path.dirname(file), dataName));
    written.push({ name: dataName, bytes: offsets.total });
    tensor = (init) => {
      const offset = offsets.byName.get(init.name);
      return offset === undefined ? inlineTensor(init) : externalTensor(init, dataName, offset);
    };
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
