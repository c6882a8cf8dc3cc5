import { elementCount, type Tensor } from '../../src/inference/checkpoint/tensor';
import { PickleWriter } from './pickle-writer';
import { writeZip, type ZipInput } from './zip-writer';

// Builds pytorch_model.bin files the way torch.save(state_dict) lays them out: a zip with
// <prefix>/data.pkl (an OrderedDict of _rebuild_tensor_v2 calls whose storages are persistent ids)
// and one <prefix>/data/<key> blob per storage.

export type StoredDtype = 'F32' | 'F16' | 'BF16';

/** How one tensor sits in its storage. */
export type Layout =
  | 'contiguous'
  /** 2-D only: the storage holds the transpose, the tensor reads it with swapped strides. */
  | 'transposed'
  /** The tensor starts part-way into a larger storage. */
  | 'offset';

export interface TorchZipOptions {
  dtype?: StoredDtype;
  /** The archive's top folder; torch uses the file's stem. */
  prefix?: string;
  layouts?: Record<string, Layout>;
  /** name -> other name: store `name` as a view of the other tensor's storage (tied weights). */
  shareStorage?: Record<string, string>;
  /** Wrap tensors in torch._utils._rebuild_parameter, as nn.Parameter objects pickle. */
  asParameters?: boolean;
  byteOrder?: 'little' | 'big';
  deflate?: boolean;
}

const STORAGE_CLASS: Record<StoredDtype, string> = { F32: 'FloatStorage', F16: 'HalfStorage', BF16: 'BFloat16Storage' };

export function torchZip(tensors: Map<string, Tensor>, options: TorchZipOptions = {}): Uint8Array {
  const dtype = options.dtype ?? 'F32';
  const prefix = options.prefix ?? 'archive';
  const littleEndian = (options.byteOrder ?? 'little') === 'little';
  const blobs: ZipInput[] = [];
  const keyOf = new Map<string, { key: string; numel: number }>();
  const p = new PickleWriter().proto(2);
  p.global('collections', 'OrderedDict').emptyTuple().reduce();
  p.mark();
  for (const [name, tensor] of tensors) {
    const layout = options.layouts?.[name] ?? 'contiguous';
    const shared = options.shareStorage?.[name];
    let storage: { key: string; numel: number };
    let offset = 0;
    let stride = rowMajorStrides(tensor.dims);
    if (shared) {
      const target = keyOf.get(shared);
      if (!target) throw new Error(`share ${name} with ${shared}: write ${shared} first`);
      storage = target;
    } else {
      let values = tensor.data;
      if (layout === 'transposed') {
        if (tensor.dims.length !== 2) throw new Error('transposed layout needs a 2-D tensor');
        values = transpose(tensor.data, tensor.dims[0], tensor.dims[1]);
        stride = [1, tensor.dims[0]];
      } else if (layout === 'offset') {
        offset = 5;
        values = new Float32Array(values.length + 9).fill(-7);
        values.set(tensor.data, offset);
      }
      storage = { key: String(blobs.length), numel: values.length };
      blobs.push({ name: `${prefix}/data/${storage.key}`, data: encode(values, dtype, littleEndian), deflate: options.deflate });
    }
    keyOf.set(name, storage);

    p.string(name);
    if (options.asParameters) p.global('torch._utils', '_rebuild_parameter').mark();
    p.global('torch._utils', '_rebuild_tensor_v2').mark();
    p.mark()
      .string('storage')
      .global('torch', STORAGE_CLASS[dtype])
      .string(storage.key)
      .string('cpu')
      .int(storage.numel)
      .tuple()
      .binPersId();
    p.int(offset);
    p.mark();
    for (const d of tensor.dims) p.int(d);
    p.tuple().mark();
    for (const s of stride) p.int(s);
    p.tuple().bool(false);
    p.global('collections', 'OrderedDict').emptyTuple().reduce();
    p.tuple().reduce();
    if (options.asParameters) p.bool(true).global('collections', 'OrderedDict').emptyTuple().reduce().tuple().reduce();
  }
  p.setItems();
  // torch.save attaches the module versions as the OrderedDict's `_metadata` attribute.
  p.emptyDict().mark().string('_metadata').global('collections', 'OrderedDict').emptyTuple().reduce().setItems().build();
  p.stop();

  return writeZip([
    { name: `${prefix}/data.pkl`, data: p.bytes(), deflate: options.deflate },
    { name: `${prefix}/byteorder`, data: new TextEncoder().encode(options.byteOrder ?? 'little') },
    ...blobs,
    { name: `${prefix}/version`, data: new TextEncoder().encode('3\n') },
  ]);
}

/** A torch-looking checkpoint whose pickle calls `module.name(argument)` through REDUCE. */
export function maliciousTorchZip(module: string, name: string, argument: string, options: { stackGlobal?: boolean } = {}): Uint8Array {
  const p = new PickleWriter().proto(options.stackGlobal ? 4 : 2);
  p.global('collections', 'OrderedDict').emptyTuple().reduce();
  p.mark().string('vision_model.post_layernorm.weight');
  if (options.stackGlobal) p.stackGlobal(module, name);
  else p.global(module, name);
  p.mark().string(argument).tuple().reduce();
  p.setItems().stop();
  return torchZipWithPickle(p.bytes());
}

/** Wraps any pickle stream in the torch archive layout, for tests of the pickle reader. */
export function torchZipWithPickle(pickle: Uint8Array, blobs: ZipInput[] = []): Uint8Array {
  return writeZip([
    { name: 'archive/data.pkl', data: pickle },
    { name: 'archive/byteorder', data: new TextEncoder().encode('little') },
    ...blobs,
  ]);
}

export function rowMajorStrides(dims: readonly number[]): number[] {
  const strides = new Array<number>(dims.length);
  let step = 1;
  for (let d = dims.length - 1; d >= 0; d--) {
    strides[d] = step;
    step *= dims[d];
  }
  return strides;
}

function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

function encode(values: Float32Array, dtype: StoredDtype, littleEndian: boolean): Uint8Array {
  const width = dtype === 'F32' ? 4 : 2;
  const out = new Uint8Array(values.length * width);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (dtype === 'F32') view.setFloat32(i * 4, values[i], littleEndian);
    else if (dtype === 'F16') view.setUint16(i * 2, floatToHalf(values[i]), littleEndian);
    else view.setUint16(i * 2, floatToBfloat16(values[i]), littleEndian);
  }
  return out;
}

/** Round-to-nearest-even float32 -> bfloat16 (finite values). */
export function floatToBfloat16(value: number): number {
  const bits = new Uint32Array(new Float32Array([value]).buffer)[0];
  return ((bits + 0x7fff + ((bits >> 16) & 1)) >>> 16) & 0xffff;
}

/** float -> IEEE half for finite values inside half's normal range, or zero. Enough for test data. */
export function floatToHalf(value: number): number {
  if (value === 0) return Object.is(value, -0) ? 0x8000 : 0;
  const sign = value < 0 ? 0x8000 : 0;
  const magnitude = Math.abs(value);
  const exponent = Math.floor(Math.log2(magnitude));
  if (exponent < -14 || exponent > 15) throw new Error(`${value} is outside half's normal range`);
  const mantissa = Math.round((magnitude / 2 ** exponent - 1) * 1024);
  return mantissa === 1024 ? sign | ((exponent + 16) << 10) : sign | ((exponent + 15) << 10) | mantissa;
}

export function tensorOf(dims: number[], fill: (i: number) => number): Tensor {
  const data = new Float32Array(elementCount(dims));
  for (let i = 0; i < data.length; i++) data[i] = fill(i);
  return { dims, data };
}
