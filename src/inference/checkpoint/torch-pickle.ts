import type { StorageDtype } from './dtypes';
import { isTuple, type PickleGlobal } from './pickle';

// What a torch.save(state_dict) pickle may name, and the TypeScript stand-ins that "rebuild" its
// tensors as plain descriptions (storage key, offset, sizes, strides). Nothing here reads tensor
// bytes: that happens afterwards, only for the tensors a caller wants.

/** One storage blob of the archive (`<prefix>/data/<key>`), shared by every tensor that views it. */
export interface StorageRef {
  readonly key: string;
  readonly dtype: StorageDtype;
  /** Elements of `dtype` the blob holds. */
  readonly numel: number;
  /** Raw bytes whose element type only the tensor knows; tensors over these are refused. */
  readonly untyped: boolean;
}

/** A tensor as torch describes it: a strided view into a storage. */
export interface TensorRef {
  readonly storage: StorageRef;
  readonly offset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
}

export class TorchFormatError extends Error {
  override name = 'TorchFormatError';
}

const STORAGE_TYPES: Record<string, StorageDtype> = {
  FloatStorage: 'F32',
  DoubleStorage: 'F64',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  LongStorage: 'I64',
  IntStorage: 'I32',
  ShortStorage: 'I16',
  CharStorage: 'I8',
  ByteStorage: 'U8',
  BoolStorage: 'BOOL',
  // Untyped storages are raw bytes; torch reinterprets them through the tensor's own dtype, which
  // the rebuild functions below do not carry, so tensors over them are refused when read.
  UntypedStorage: 'U8',
};

const DTYPE_OBJECTS: Record<string, StorageDtype> = {
  float32: 'F32',
  float: 'F32',
  float64: 'F64',
  double: 'F64',
  float16: 'F16',
  half: 'F16',
  bfloat16: 'BF16',
  int64: 'I64',
  long: 'I64',
  int32: 'I32',
  int: 'I32',
  int16: 'I16',
  short: 'I16',
  int8: 'I8',
  uint8: 'U8',
  bool: 'BOOL',
};

/** A storage class named in a persistent id: a type marker, never callable. */
export class StorageType implements PickleGlobal {
  constructor(
    readonly qualifiedName: string,
    readonly dtype: StorageDtype,
    readonly untyped: boolean,
  ) {}
}

/** A torch dtype object (torch.float32 ...): a plain value, never callable. */
export class DtypeObject implements PickleGlobal {
  constructor(
    readonly qualifiedName: string,
    readonly dtype: StorageDtype,
  ) {}
}

const ORDERED_DICT: PickleGlobal = {
  qualifiedName: 'collections.OrderedDict',
  call(args) {
    if (args.length !== 0) throw new TorchFormatError('collections.OrderedDict is called with arguments; a state dict never does that');
    return new Map();
  },
  // A state dict carries its `_metadata` (module versions) as object state; nothing here needs it.
  build() {},
};

const REBUILD_TENSOR_V2: PickleGlobal = {
  qualifiedName: 'torch._utils._rebuild_tensor_v2',
  // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
  call: (args) => rebuildTensor(args, 6, 7, '_rebuild_tensor_v2'),
};

const REBUILD_TENSOR: PickleGlobal = {
  qualifiedName: 'torch._utils._rebuild_tensor',
  // (storage, storage_offset, size, stride)
  call: (args) => rebuildTensor(args, 4, 4, '_rebuild_tensor'),
};

const REBUILD_PARAMETER: PickleGlobal = {
  qualifiedName: 'torch._utils._rebuild_parameter',
  // (data, requires_grad, backward_hooks): a Parameter is its data tensor for our purposes.
  call(args) {
    if (args.length !== 3 || !isTensorRef(args[0]))
      throw new TorchFormatError('torch._utils._rebuild_parameter is called with unexpected arguments');
    return args[0];
  },
};

/** The allow-list: every global a torch state-dict pickle may name. Anything else is refused. */
export function findTorchGlobal(module: string, name: string): PickleGlobal | undefined {
  const qualified = `${module}.${name}`;
  switch (qualified) {
    case 'collections.OrderedDict':
      return ORDERED_DICT;
    case 'torch._utils._rebuild_tensor_v2':
      return REBUILD_TENSOR_V2;
    case 'torch._utils._rebuild_tensor':
      return REBUILD_TENSOR;
    case 'torch._utils._rebuild_parameter':
      return REBUILD_PARAMETER;
  }
  if (module === 'torch' || module === 'torch.storage') {
    const storage = STORAGE_TYPES[name];
    if (storage && (module === 'torch' || name === 'UntypedStorage')) return new StorageType(qualified, storage, name === 'UntypedStorage');
  }
  if (module === 'torch' && Object.hasOwn(DTYPE_OBJECTS, name)) return new DtypeObject(qualified, DTYPE_OBJECTS[name]);
  return undefined;
}

/**
 * Resolves the persistent ids torch writes for storages: ('storage', storage_type, key, location,
 * numel). The same key always yields the same StorageRef, so tensors that shared a storage when
 * saved (the tied LM head and word embeddings) share it here too.
 */
export function storageResolver(): (pid: unknown) => StorageRef {
  const byKey = new Map<string, StorageRef>();
  return (pid) => {
    if (!isTuple(pid) || pid.length !== 5 || pid[0] !== 'storage') {
      throw new TorchFormatError('a persistent reference is not a torch storage reference');
    }
    const [, type, key, , numel] = pid;
    if (!(type instanceof StorageType)) throw new TorchFormatError('a storage reference does not name a storage type');
    if (typeof key !== 'string' || !/^[\w.-]+$/.test(key)) throw new TorchFormatError('a storage reference has a malformed key');
    if (!isCount(numel)) throw new TorchFormatError(`storage ${key} has a malformed element count`);
    const known = byKey.get(key);
    if (known) {
      if (known.dtype !== type.dtype || known.numel !== numel) throw new TorchFormatError(`storage ${key} is described twice, differently`);
      return known;
    }
    const ref: StorageRef = { key, dtype: type.dtype, numel, untyped: type.untyped };
    byKey.set(key, ref);
    return ref;
  };
}

export function isTensorRef(value: unknown): value is TensorRef {
  return typeof value === 'object' && value !== null && 'storage' in value && 'stride' in value && 'size' in value;
}

function rebuildTensor(args: readonly unknown[], min: number, max: number, fn: string): TensorRef {
  if (args.length < min || args.length > max) throw new TorchFormatError(`torch._utils.${fn} is called with ${args.length} arguments`);
  const [storage, offset, size, stride] = args;
  if (typeof storage !== 'object' || storage === null || !('key' in storage) || !('dtype' in storage)) {
    throw new TorchFormatError(`torch._utils.${fn} is not given a storage`);
  }
  if (!isCount(offset) || !isCountTuple(size) || !isCountTuple(stride) || size.length !== stride.length) {
    throw new TorchFormatError(`torch._utils.${fn} is given a malformed offset, size or stride`);
  }
  return { storage: storage as StorageRef, offset, size: [...size], stride: [...stride] };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isCountTuple(value: unknown): value is readonly number[] {
  return isTuple(value) && value.every(isCount);
}
