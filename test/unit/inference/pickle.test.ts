import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PickleError, PickleRefusedError, unpickle } from '../../../src/inference/checkpoint/pickle';
import { readPytorchBin } from '../../../src/inference/checkpoint/pytorch-bin';
import { halfToFloat } from '../../../src/inference/checkpoint/dtypes';
import type { Tensor } from '../../../src/inference/checkpoint/tensor';
import { findTorchGlobal, storageResolver } from '../../../src/inference/checkpoint/torch-pickle';
import { PickleWriter } from '../../helpers/pickle-writer';
import {
  floatToBfloat16,
  floatToHalf,
  maliciousTorchZip,
  tensorOf,
  torchZip,
  torchZipWithPickle,
  type TorchZipOptions,
} from '../../helpers/torch-zip';

let dir: string;
before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pickle-'));
});
after(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

let fileCount = 0;
async function roundTrip(tensors: Map<string, Tensor>, options?: TorchZipOptions): Promise<Map<string, Tensor>> {
  const file = path.join(dir, `model-${fileCount++}.bin`);
  await fs.writeFile(file, torchZip(tensors, options));
  return readPytorchBin(file);
}

async function readBytes(bytes: Uint8Array): Promise<Map<string, Tensor>> {
  const file = path.join(dir, `bad-${fileCount++}.bin`);
  await fs.writeFile(file, bytes);
  return readPytorchBin(file);
}

/**
 * A pytorch_model.bin whose pickle is written by hand, to declare what torchZip never would: one F32
 * tensor 't' of `size` elements at `offset` in a storage of `storageElements`, whose blob is `blob`.
 */
function oneTensorZip(
  { storageElements, offset, size }: { storageElements: number; offset: number; size: number },
  blob: Uint8Array,
): Uint8Array {
  const p = new PickleWriter().proto(2);
  p.global('collections', 'OrderedDict').emptyTuple().reduce().mark().string('t');
  p.global('torch._utils', '_rebuild_tensor_v2').mark();
  p.mark().string('storage').global('torch', 'FloatStorage').string('0').string('cpu').int(storageElements).tuple().binPersId();
  p.int(offset)
    .mark()
    .int(size)
    .tuple()
    .mark()
    .int(1)
    .tuple()
    .bool(false)
    .global('collections', 'OrderedDict')
    .emptyTuple()
    .reduce()
    .tuple()
    .reduce();
  p.setItems().stop();
  return torchZipWithPickle(p.bytes(), [{ name: 'archive/data/0', data: blob }]);
}

// Values k/8 in a small range are exact in float16 and bfloat16, so every dtype must read them back unchanged.
const sample = (): Map<string, Tensor> =>
  new Map([
    ['matrix', tensorOf([3, 5], (i) => (i - 7) / 8)],
    ['vector', tensorOf([5], (i) => i / 4 + 0.125)],
    ['cube', tensorOf([2, 3, 4], (i) => ((i * 7) % 11) / 8 - 0.5)],
    ['scalar', tensorOf([], () => 2.5)],
  ]);

describe('pytorch_model.bin reader', () => {
  for (const dtype of ['F32', 'F16', 'BF16'] as const) {
    it(`reads ${dtype} storages as float32`, async () => {
      const tensors = sample();
      const read = await roundTrip(tensors, { dtype });
      for (const [name, t] of tensors) {
        assert.deepEqual(read.get(name)!.dims, t.dims, name);
        assert.deepEqual([...read.get(name)!.data], [...t.data], name);
      }
    });
  }

  it('rounds values that half precision cannot hold the way the stored bits say', async () => {
    const t = tensorOf([4], (i) => 0.1 + i / 3);
    const half = await roundTrip(new Map([['t', t]]), { dtype: 'F16' });
    assert.deepEqual(
      [...half.get('t')!.data],
      [...t.data].map((v) => halfToFloat(floatToHalf(v))),
    );
    const bf = await roundTrip(new Map([['t', t]]), { dtype: 'BF16' });
    assert.deepEqual(
      [...bf.get('t')!.data],
      [...t.data].map((v) => new Float32Array(new Uint32Array([floatToBfloat16(v) << 16]).buffer)[0]),
    );
  });

  it('follows strides and storage offsets of views', async () => {
    const tensors = sample();
    const read = await roundTrip(tensors, { layouts: { matrix: 'transposed', vector: 'offset', cube: 'offset' } });
    for (const [name, t] of tensors) assert.deepEqual([...read.get(name)!.data], [...t.data], name);
  });

  it('gives tensors that share a storage the same values (tied weights)', async () => {
    const words = tensorOf([6, 4], (i) => i / 2);
    const read = await roundTrip(
      new Map([
        ['words', words],
        ['head', words],
      ]),
      { shareStorage: { head: 'words' } },
    );
    assert.deepEqual([...read.get('head')!.data], [...words.data]);
    assert.deepEqual(read.get('head')!.dims, [6, 4]);
  });

  it('reads parameters, big-endian archives and deflated entries', async () => {
    const tensors = sample();
    for (const options of [{ asParameters: true }, { byteOrder: 'big' as const }, { deflate: true, dtype: 'F16' as const }]) {
      const read = await roundTrip(tensors, options);
      for (const [name, t] of tensors) assert.deepEqual([...read.get(name)!.data], [...t.data], `${name} ${JSON.stringify(options)}`);
    }
  });

  it('reads only the tensors asked for', async () => {
    const file = path.join(dir, 'subset.bin');
    await fs.writeFile(file, torchZip(sample()));
    const read = await readPytorchBin(file, { include: (name) => name.startsWith('v') });
    assert.deepEqual([...read.keys()], ['vector']);
  });

  it('refuses a view that reaches past its storage', async () => {
    const bytes = oneTensorZip({ storageElements: 4, offset: 2, size: 4 }, new Uint8Array(16));
    await assert.rejects(readBytes(bytes), /past the end of its storage/);
  });

  it('refuses a storage whose blob is shorter than declared', async () => {
    // The same pickle reads when the 16-byte blob holds the 4 elements it declares...
    const blob = new Uint8Array(Float32Array.of(1, 2, 3, 4).buffer);
    const read = await readBytes(oneTensorZip({ storageElements: 4, offset: 0, size: 4 }, blob));
    assert.deepEqual([...read.get('t')!.data], [1, 2, 3, 4]);
    // ...and is refused once the storage is re-declared as 8 elements, which the blob no longer fits.
    await assert.rejects(
      readBytes(oneTensorZip({ storageElements: 8, offset: 0, size: 8 }, blob)),
      /holds 16 bytes where 8 F32 elements were declared/,
    );
  });

  it('explains that legacy (pre-1.6) torch files are not supported', async () => {
    const legacy = new Uint8Array([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
    await assert.rejects(readBytes(legacy), /legacy \(pre-1\.6\) serialization/);
  });
});

describe('restricted unpickler', () => {
  const marker = () => path.join(dir, 'pwned');

  for (const [module, name] of [
    ['os', 'system'],
    ['posix', 'system'],
    ['builtins', 'eval'],
    ['builtins', 'exec'],
    ['subprocess', 'Popen'],
    ['torch', 'load'],
    ['torch._utils', 'nothing'],
  ]) {
    it(`refuses ${module}.${name} by name and runs nothing`, async () => {
      const bytes = maliciousTorchZip(module, name, `touch ${marker()}`);
      await assert.rejects(
        readBytes(bytes),
        (e: Error) =>
          e instanceof PickleRefusedError && e.message.includes(`'${module}.${name}'`) && /nothing was executed/.test(e.message),
      );
      await assert.rejects(fs.stat(marker()), { code: 'ENOENT' });
    });
  }

  it('refuses a global reached through STACK_GLOBAL (protocol 4)', async () => {
    await assert.rejects(readBytes(maliciousTorchZip('builtins', 'eval', '1+1', { stackGlobal: true })), /'builtins\.eval'/);
  });

  const options = { label: 'test.pkl', findGlobal: findTorchGlobal, persistentLoad: storageResolver() };

  it('refuses opcodes that instantiate classes, even allowed ones', () => {
    const p = new PickleWriter().proto(2).global('collections', 'OrderedDict').emptyTuple().newObj().stop();
    assert.throws(
      () => unpickle(p.bytes(), options),
      (e: Error) => e instanceof PickleRefusedError && /NEWOBJ/.test(e.message),
    );
    const inst = new PickleWriter()
      .proto(2)
      .mark()
      .op(0x69, ...new TextEncoder().encode('os\nsystem\n'))
      .stop();
    assert.throws(() => unpickle(inst.bytes(), options), /INST/);
  });

  it('refuses calling a storage type, and setting state on a tensor', () => {
    const call = new PickleWriter().proto(2).global('torch', 'FloatStorage').mark().int(3).tuple().reduce().stop();
    assert.throws(() => unpickle(call.bytes(), options), /REDUCE on 'torch\.FloatStorage'/);
    const state = new PickleWriter().proto(2).mark().int(1).tuple().emptyDict().build().stop();
    assert.throws(() => unpickle(state.bytes(), options), /BUILD/);
  });

  it('refuses persistent ids that are not torch storages', () => {
    const p = new PickleWriter().proto(2).mark().string('module').string('os').tuple().binPersId().stop();
    assert.throws(() => unpickle(p.bytes(), { ...options, persistentLoad: storageResolver() }), /not a torch storage reference/);
  });

  it('reports truncated and malformed streams as corrupt, not as crashes', () => {
    const whole = new PickleWriter().proto(2).string('a long enough string').stop().bytes();
    assert.throws(
      () => unpickle(whole.subarray(0, 10), options),
      (e: Error) => e instanceof PickleError && /truncated|past the end/.test(e.message),
    );
    assert.throws(() => unpickle(new PickleWriter().proto(2).get(7).stop().bytes(), options), /memo entry 7/);
    assert.throws(() => unpickle(new PickleWriter().proto(2).tuple().stop().bytes(), options), /mark that was never opened/);
    assert.throws(() => unpickle(Uint8Array.of(0x80, 2, 0xff), options), /opcode 0xff/);
  });

  it('builds the plain values a state dict is made of', () => {
    const p = new PickleWriter().proto(2).emptyDict().mark();
    p.string('n').int(70000).string('neg').int(-3).string('t').mark().bool(true).none().tuple();
    p.string('s');
    const memo = p.string('shared').put();
    p.string('again').get(memo).setItems().stop();
    const value = unpickle(p.bytes(), options) as Map<string, unknown>;
    assert.deepEqual(
      [...value.entries()],
      [
        ['n', 70000],
        ['neg', -3],
        ['t', [true, null]],
        ['s', 'shared'],
        ['again', 'shared'],
      ],
    );
  });
});
