import { promises as fs } from 'node:fs';
import { DTYPE_BYTES, decodeToFloat32 } from './dtypes';
import { unpickle } from './pickle';
import { elementCount, type Tensor } from './tensor';
import { findTorchGlobal, isTensorRef, storageResolver, TorchFormatError, type StorageRef, type TensorRef } from './torch-pickle';
import { ZipArchive, ZipError } from './zip';

export interface ReadPytorchBinOptions {
  /** Reads only the tensors whose names pass; the others are never decoded. Default: all. */
  include?: (name: string) => boolean;
}

/**
 * Reads a `pytorch_model.bin` written by torch.save (torch >= 1.6 zip format) into float32
 * tensors. The pickle inside is read by a restricted reader that refuses every global except
 * torch's tensor-rebuild functions and storage types. Tensors that view one storage (tied weights)
 * share its memory here as they did in torch: treat tensor data as read-only.
 */
export async function readPytorchBin(path: string, options: ReadPytorchBinOptions = {}): Promise<Map<string, Tensor>> {
  const archive = await openArchive(path);
  try {
    const prefix = archivePrefix(archive);
    const littleEndian = await readByteOrder(archive, prefix);
    const stateDict = unpickle(await archive.read(`${prefix}data.pkl`), {
      label: path,
      findGlobal: findTorchGlobal,
      persistentLoad: storageResolver(),
    });
    if (!(stateDict instanceof Map)) throw new TorchFormatError(`${path} does not hold a state dict (a mapping of names to tensors)`);

    const storages = new Map<string, Float32Array>();
    const tensors = new Map<string, Tensor>();
    for (const [name, value] of stateDict) {
      if (typeof name !== 'string' || !isTensorRef(value)) continue;
      if (options.include && !options.include(name)) continue;
      let storage = storages.get(value.storage.key);
      if (!storage) {
        storage = await loadStorage(archive, prefix, value.storage, littleEndian, path);
        storages.set(value.storage.key, storage);
      }
      tensors.set(name, { dims: [...value.size], data: viewOf(storage, value, name, path) });
    }
    return tensors;
  } finally {
    await archive.close();
  }
}

async function openArchive(path: string): Promise<ZipArchive> {
  try {
    return await ZipArchive.open(path);
  } catch (error) {
    if (error instanceof ZipError && (await looksLikeLegacyTorchFile(path))) {
      throw new TorchFormatError(
        `${path} uses torch's legacy (pre-1.6) serialization, which is not supported; re-save it with a current torch.save or use model.safetensors`,
      );
    }
    throw error;
  }
}

/** Legacy files are a bare pickle stream (protocol 2 opcode first) instead of a zip. */
async function looksLikeLegacyTorchFile(path: string): Promise<boolean> {
  const handle = await fs.open(path, 'r');
  try {
    const head = new Uint8Array(2);
    await handle.read(head, 0, 2, 0);
    return head[0] === 0x80 && head[1] <= 5;
  } finally {
    await handle.close();
  }
}

/** torch names the archive's top folder after the file ("archive/", "pytorch_model/" ...). */
function archivePrefix(archive: ZipArchive): string {
  const pickles = [...archive.entries.keys()].filter((name) => /^[^/]*\/?data\.pkl$/.test(name));
  if (pickles.length !== 1) {
    throw new TorchFormatError(
      `${archive.path} is a zip archive but not a torch checkpoint: it has ${pickles.length === 0 ? 'no' : 'several'} data.pkl`,
    );
  }
  return pickles[0].slice(0, -'data.pkl'.length);
}

async function readByteOrder(archive: ZipArchive, prefix: string): Promise<boolean> {
  const name = `${prefix}byteorder`;
  // Files from before torch recorded the byte order were written on little-endian machines.
  if (!archive.entries.has(name)) return true;
  const order = new TextDecoder().decode(await archive.read(name)).trim();
  if (order !== 'little' && order !== 'big') throw new TorchFormatError(`${archive.path}: unknown byte order '${order}'`);
  return order === 'little';
}

async function loadStorage(
  archive: ZipArchive,
  prefix: string,
  ref: StorageRef,
  littleEndian: boolean,
  path: string,
): Promise<Float32Array> {
  if (ref.untyped) throw new TorchFormatError(`${path}: storage ${ref.key} is untyped bytes, which this reader does not interpret`);
  const name = `${prefix}data/${ref.key}`;
  const entry = archive.entries.get(name);
  if (!entry) throw new TorchFormatError(`${path}: storage ${ref.key} is missing from the archive: the file is incomplete`);
  const expected = ref.numel * DTYPE_BYTES[ref.dtype];
  // Checked before reading: the entry is inflated to at most its declared size, and that size
  // must be what the pickle says the storage needs.
  if (entry.size !== expected) {
    throw new TorchFormatError(
      `${path}: storage ${ref.key} holds ${entry.size} bytes where ${ref.numel} ${ref.dtype} elements were declared: the file is corrupt`,
    );
  }
  const raw = await archive.read(name);
  return decodeToFloat32(raw, ref.dtype, littleEndian);
}

/** The tensor's elements in row-major order: a window on the storage when already laid out so, else a copy. */
function viewOf(storage: Float32Array, ref: TensorRef, name: string, path: string): Float32Array {
  const count = elementCount(ref.size);
  if (count === 0) return new Float32Array(0);
  let last = ref.offset;
  for (let d = 0; d < ref.size.length; d++) last += (ref.size[d] - 1) * ref.stride[d];
  if (last >= storage.length)
    throw new TorchFormatError(`${path}: tensor ${name} reaches past the end of its storage: the file is corrupt`);
  if (isRowMajor(ref)) return storage.subarray(ref.offset, ref.offset + count);

  const out = new Float32Array(count);
  const rank = ref.size.length;
  const index = new Array<number>(rank).fill(0);
  let source = ref.offset;
  for (let i = 0; i < count; i++) {
    out[i] = storage[source];
    // Advance the multi-index like an odometer, moving the source position by each stride.
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d] < ref.size[d]) {
        source += ref.stride[d];
        break;
      }
      source -= (ref.size[d] - 1) * ref.stride[d];
      index[d] = 0;
    }
  }
  return out;
}

function isRowMajor(ref: TensorRef): boolean {
  let expected = 1;
  for (let d = ref.size.length - 1; d >= 0; d--) {
    // A dimension of size 1 never moves, so its stride is irrelevant.
    if (ref.size[d] !== 1 && ref.stride[d] !== expected) return false;
    expected *= ref.size[d];
  }
  return true;
}
