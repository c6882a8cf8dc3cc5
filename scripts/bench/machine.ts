/** The machine a benchmark ran on, as the report states it. */
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** CPU features that decide which kernels onnxruntime's MLAS picks for float and int8 work. */
const FLAGS_THAT_MATTER = [
  'avx2',
  'fma',
  'avx512f',
  'avx512bw',
  'avx512_vnni',
  'avx_vnni',
  'avx512_bf16',
  'amx_tile',
  'amx_int8',
  'amx_bf16',
];

export interface Machine {
  cpu: string;
  /** Logical CPUs the process may use. */
  cpus: number;
  flags: string[];
  memoryGB: number;
  node: string;
  onnxruntime: string;
}

export function describeMachine(): Machine {
  let flags: string[] = [];
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('flags'));
    const all = new Set(line?.split(':')[1]?.trim().split(/\s+/) ?? []);
    flags = FLAGS_THAT_MATTER.filter((f) => all.has(f));
  } catch {
    // Not Linux: the flags stay unknown.
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ortVersion = (require('onnxruntime-node/package.json') as { version: string }).version;
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.availableParallelism(),
    flags,
    memoryGB: os.totalmem() / 1e9,
    node: process.version,
    onnxruntime: ortVersion,
  };
}

/** 1-minute load average: other work on the machine while figures were taken. */
export function loadAverage(): number {
  return os.loadavg()[0];
}
