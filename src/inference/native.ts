import type * as OnnxRuntime from 'onnxruntime-node';
import type SharpModule from 'sharp';
import { version } from '../../package.json';

// onnxruntime-node and sharp load platform binaries. Each VSIX carries one platform's (see
// scripts/package.ts), so a VSIX installed on another platform, or a CLI installed without its
// optional packages, cannot load them. Both modules then throw their own advice ("npm install
// --include=optional sharp", a Require stack): meaningless to someone who installed an extension.
// They are loaded here, on first use, and such a failure becomes one message naming the platform
// and the package to install instead.

/** The platforms a VSIX is built for: onnxruntime-node 1.30 and sharp 0.35 both ship binaries for these. */
export const SUPPORTED_PLATFORMS = ['linux-x64', 'linux-arm64', 'darwin-arm64', 'win32-x64', 'win32-arm64'] as const;

export type NativeModuleName = 'onnxruntime-node' | 'sharp';

export class NativeModuleError extends Error {
  override name = 'NativeModuleError';
}

/** The platform as VS Code's VSIX targets name it: `linux-x64`, `darwin-arm64`, ... */
export function platformTarget(platform: string = process.platform, arch: string = process.arch): string {
  return `${platform}-${arch}`;
}

/** What went wrong, without the module's installation advice or stack of requiring files. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const [kept] = message.split(/\n\s*(?:Possible solutions:|Require stack:)/);
  return kept
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('; ');
}

export function nativeModuleMessage(module: NativeModuleName, error: unknown, target: string = platformTarget()): string {
  const cannot = `Local Alt Text cannot load ${module} on ${target} (${reasonOf(error)}).`;
  if (!(SUPPORTED_PLATFORMS as readonly string[]).includes(target)) {
    return `${cannot} Captioning needs native binaries that are built for ${SUPPORTED_PLATFORMS.join(', ')} only; diagnostics and the other commands work without them.`;
  }
  return `${cannot} Install "Local Alt Text for ${target}" (local-alt-text-${target}-${version}.vsix), the package built for this platform; the CLI must be installed on the machine it runs on.`;
}

type Require = (id: string) => unknown;

/** Requires a native module, turning a failure into a NativeModuleError (the loader is replaceable for tests). */
export function loadNative<T>(module: NativeModuleName, load: Require = require, target: string = platformTarget()): T {
  try {
    return load(module) as T;
  } catch (error) {
    throw new NativeModuleError(nativeModuleMessage(module, error, target));
  }
}

let onnxRuntime: typeof OnnxRuntime | undefined;
let sharp: typeof SharpModule | undefined;

export function loadOnnxRuntime(): typeof OnnxRuntime {
  return (onnxRuntime ??= loadNative<typeof OnnxRuntime>('onnxruntime-node'));
}

export function loadSharp(): typeof SharpModule {
  // sharp's CommonJS entry exports the function itself.
  return (sharp ??= loadNative<typeof SharpModule>('sharp'));
}
