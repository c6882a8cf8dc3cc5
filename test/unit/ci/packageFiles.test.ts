import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { nativeAllowlist, ORT_RUNTIME_FILES, TARGETS } from '../../../scripts/package';

const ortBin = path.join(path.dirname(require.resolve('onnxruntime-node/package.json')), 'bin/napi-v6');

/** The names of the DLLs a PE file imports, normally and with delay loading. */
function peImports(file: string): { normal: string[]; delayed: string[] } {
  const d = readFileSync(file);
  const pe = d.readUInt32LE(0x3c);
  const sections = d.readUInt16LE(pe + 6);
  const optional = pe + 24;
  const directories = optional + (d.readUInt16LE(optional) === 0x20b ? 112 : 96);
  const table = optional + d.readUInt16LE(pe + 20);
  const offset = (rva: number) => {
    for (let i = 0; i < sections; i++) {
      const s = table + i * 40;
      const va = d.readUInt32LE(s + 12);
      if (rva >= va && rva < va + Math.max(d.readUInt32LE(s + 8), d.readUInt32LE(s + 16))) return rva - va + d.readUInt32LE(s + 20);
    }
    throw new Error(`rva ${rva} outside the sections of ${file}`);
  };
  const name = (rva: number) => d.toString('latin1', offset(rva), d.indexOf(0, offset(rva)));
  const list = (directory: number, size: number, nameAt: number) => {
    const names: string[] = [];
    const rva = d.readUInt32LE(directories + directory * 8);
    if (!rva) return names;
    for (let o = offset(rva); d.readUInt32LE(o + nameAt) !== 0; o += size) names.push(name(d.readUInt32LE(o + nameAt)).toLowerCase());
    return names;
  };
  return { normal: list(1, 20, 12), delayed: list(13, 32, 4) };
}

describe('the onnxruntime-node files a VSIX carries', () => {
  for (const target of TARGETS) {
    const [platform, arch] = target.split('-');
    it(`${target}: the binding and the runtime it loads, which exist`, () => {
      const lines = nativeAllowlist(target);
      assert.equal(lines.length, ORT_RUNTIME_FILES[platform].length);
      for (const file of ORT_RUNTIME_FILES[platform]) assert.ok(existsSync(path.join(ortBin, platform, arch, file)), `${target}: ${file}`);
    });
  }

  it('macOS: the binding links the library that is kept', () => {
    for (const arch of ['arm64']) {
      const binding = readFileSync(path.join(ortBin, 'darwin', arch, 'onnxruntime_binding.node')).toString('latin1');
      assert.ok(binding.includes('@rpath/libonnxruntime.1.dylib'));
    }
  });

  it('Windows: what is left out is never imported at load time', () => {
    for (const arch of ['x64', 'arm64']) {
      const dir = path.join(ortBin, 'win32', arch);
      const binding = peImports(path.join(dir, 'onnxruntime_binding.node'));
      const runtime = peImports(path.join(dir, 'onnxruntime.dll'));
      assert.ok([...binding.normal, ...binding.delayed].includes('onnxruntime.dll'));
      for (const left of ['directml.dll', 'dxcompiler.dll', 'dxil.dll']) {
        assert.ok(!binding.normal.includes(left) && !runtime.normal.includes(left), `${arch}: ${left} is imported`);
        assert.ok(!binding.delayed.includes(left), `${arch}: the binding delay-loads ${left}`);
      }
      assert.ok(runtime.delayed.includes('directml.dll'), `${arch}: DirectML.dll is delay-loaded only`);
    }
  });
});
