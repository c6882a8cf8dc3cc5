// npm run package [-- --target linux-x64 ...] [--out DIR]
// Builds the production bundles, then one VSIX per platform: the bundles, the media the extension
// uses and only that platform's native binaries (onnxruntime-node's and sharp's). Each target's
// runtime dependencies are installed from the lockfile into a staging folder with npm's --os/--cpu,
// so sharp's optional @img/sharp-<os>-<arch> packages are those of the target, not of this machine.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Platforms both onnxruntime-node 1.30 and sharp 0.35 ship prebuilt binaries for (see docs/packaging.md). */
export const TARGETS = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'win32-x64', 'win32-arm64'] as const;
export type Target = (typeof TARGETS)[number];

/** The Marketplace's limit is far higher; this is ours, so that an unneeded binary cannot slip in unnoticed. */
const BUDGET_BYTES = 40 * 1000 * 1000;

const root = path.resolve(__dirname, '..');
const STAGED = ['README.md', 'LICENSE', 'CHANGELOG.md', 'package-lock.json', '.vscodeignore', 'media', 'dist'];

function parseArgs(argv: string[]): { targets: Target[]; out: string; skipBuild: boolean } {
  const targets: Target[] = [];
  let out = path.join(root, 'dist-vsix');
  let skipBuild = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--target') {
      const target = argv[++i] as Target;
      if (!TARGETS.includes(target)) throw new Error(`unknown target '${target}': one of ${TARGETS.join(', ')}`);
      targets.push(target);
    } else if (arg === '--out') out = path.resolve(argv[++i]);
    else if (arg === '--skip-build') skipBuild = true;
    else throw new Error(`unknown option '${arg}'`);
  }
  return { targets: targets.length ? targets : [...TARGETS], out, skipBuild };
}

function run(command: string, args: string[], cwd: string): void {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

/**
 * The onnxruntime-node files each platform's captioning loads: the binding and the runtime library
 * it links to, nothing else. Left out (measured on onnxruntime-node 1.30.0, docs/packaging.md):
 * - macOS: libonnxruntime.1.30.0.dylib, a byte-for-byte copy of libonnxruntime.1.dylib (a symlink
 *   flattened by npm); the binding links @rpath/libonnxruntime.1.dylib, the library's own name.
 * - Windows: DirectML.dll, dxcompiler.dll and dxil.dll. onnxruntime.dll only delay-loads DirectML.dll
 *   (with d3d12.dll and dxgi.dll), i.e. on the first call into the DirectML execution provider,
 *   which captioning never registers (CPU only); the other two are not imported at all.
 */
export const ORT_RUNTIME_FILES: Record<string, string[]> = {
  linux: ['onnxruntime_binding.node', 'libonnxruntime.so.1'],
  darwin: ['onnxruntime_binding.node', 'libonnxruntime.1.dylib'],
  win32: ['onnxruntime_binding.node', 'onnxruntime.dll'],
};

/** The .vscodeignore lines that let in one platform's onnxruntime-node binaries and no other's. */
export function nativeAllowlist(target: Target): string[] {
  const [platform, arch] = target.split('-');
  return ORT_RUNTIME_FILES[platform].map((file) => `!node_modules/onnxruntime-node/bin/napi-v*/${platform}/${arch}/${file}`);
}

function stage(target: Target, dir: string): void {
  for (const entry of STAGED) fs.cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  // npm's `files` (the CLI package) and vsce's .vscodeignore cannot both be present for vsce.
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  delete manifest.files;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  fs.appendFileSync(path.join(dir, '.vscodeignore'), `\n# ${target}\n${nativeAllowlist(target).join('\n')}\n`);
  const [platform, arch] = target.split('-');
  // No install scripts: onnxruntime-node ships its CPU binaries in the package (its script would only
  // fetch CUDA libraries), and sharp's binaries are the optional packages picked by --os/--cpu.
  const libc = platform === 'linux' ? ['--libc=glibc'] : [];
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', `--os=${platform}`, `--cpu=${arch}`, ...libc], dir);
  const img = path.join(dir, 'node_modules/@img');
  const sharpPackages = fs.existsSync(img) ? fs.readdirSync(img).filter((p) => p.startsWith('sharp-')) : [];
  console.log(`sharp binaries for ${target}: ${sharpPackages.map((p) => `@img/${p}`).join(', ') || 'none'}`);
  if (!sharpPackages.includes(`sharp-${target}`)) throw new Error(`npm installed no @img/sharp-${target} for ${target}`);
  const ortBinaries = path.join(dir, 'node_modules/onnxruntime-node/bin/napi-v6', platform, arch);
  if (!fs.existsSync(path.join(ortBinaries, 'onnxruntime_binding.node'))) throw new Error(`onnxruntime-node has no binding for ${target}`);
}

function vsce(): string {
  const manifest = require.resolve('@vscode/vsce/package.json');
  const { bin } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { bin: Record<string, string> };
  return path.join(path.dirname(manifest), bin.vsce);
}

function main(): void {
  const { targets, out, skipBuild } = parseArgs(process.argv.slice(2));
  if (!skipBuild) run(process.execPath, ['esbuild.js', '--production'], root);
  fs.mkdirSync(out, { recursive: true });
  const { name, version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const sizes: [Target, number][] = [];
  for (const target of targets) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vsix-${target}-`));
    try {
      console.log(`--- ${target}: staging`);
      stage(target, dir);
      const file = path.join(out, `${name}-${target}-${version}.vsix`);
      console.log(`--- ${target}: vsce package`);
      run(process.execPath, [vsce(), 'package', '--target', target, '--out', file], dir);
      sizes.push([target, fs.statSync(file).size]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  let over = false;
  for (const [target, size] of sizes) {
    const tooBig = size >= BUDGET_BYTES;
    over ||= tooBig;
    console.log(
      `${`${name}-${target}-${version}.vsix`.padEnd(40)} ${(size / 1e6).toFixed(1).padStart(6)} MB${tooBig ? `  OVER the ${BUDGET_BYTES / 1e6} MB budget` : ''}`,
    );
  }
  if (over) process.exitCode = 1;
}

if (require.main === module) main();
