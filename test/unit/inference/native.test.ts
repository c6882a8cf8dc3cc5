import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadNative, nativeModuleMessage, NativeModuleError, SUPPORTED_PLATFORMS } from '../../../src/inference/native';

const root = path.resolve(__dirname, '../../..');
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

interface Outcome {
  name: string;
  message: string;
}

/**
 * Loads the real onnxruntime-node and sharp in a Node process that reports another processor
 * architecture: as a VSIX built for this machine does when installed on that one, the modules look
 * for binaries that are not there and throw their own errors.
 */
function loadAs(arch: string): Record<'onnxruntime' | 'sharp' | 'decode' | 'sessions', Outcome> {
  const script = `
    Object.defineProperty(process, 'arch', { value: ${JSON.stringify(arch)} });
    const native = require('./src/inference/native.ts');
    const { decodeImage } = require('./src/inference/image/decode.ts');
    const { BlipSessions } = require('./src/inference/runtime/sessions.ts');
    const outcome = (f) => Promise.resolve().then(f).then(() => ({ name: 'loaded', message: '' }), (e) => ({ name: e.name, message: e.message }));
    (async () => {
      const result = {
        onnxruntime: await outcome(() => native.loadOnnxRuntime()),
        sharp: await outcome(() => native.loadSharp()),
        decode: await outcome(() => decodeImage(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))),
        sessions: await outcome(() => BlipSessions.load('/nonexistent-pack', {})),
      };
      process.stdout.write(JSON.stringify(result));
    })();`;
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' })) as Record<
    'onnxruntime' | 'sharp' | 'decode' | 'sessions',
    Outcome
  >;
}

describe('native modules that cannot load', () => {
  const other = process.arch === 'arm64' ? 'x64' : 'arm64';
  const target = `${process.platform}-${other}`;

  it('name the platform and the VSIX to install, without npm advice', function () {
    if (!(SUPPORTED_PLATFORMS as readonly string[]).includes(target)) this.skip();
    const outcomes = loadAs(other);
    for (const [what, { name, message }] of Object.entries(outcomes)) {
      assert.equal(name, 'NativeModuleError', `${what}: ${message}`);
      const module = what === 'onnxruntime' || what === 'sessions' ? 'onnxruntime-node' : 'sharp';
      assert.ok(message.startsWith(`Local Alt Text cannot load ${module} on ${target} (`), `${what}: ${message}`);
      assert.ok(
        message.includes(`Install "Local Alt Text for ${target}" (local-alt-text-${target}-${version}.vsix)`),
        `${what}: ${message}`,
      );
      assert.doesNotMatch(message, /npm (i|install)\b|Require stack|Possible solutions|\n/, `${what}: ${message}`);
    }
  });

  it('say which platforms are built for when this one is none of them', () => {
    const { sharp, onnxruntime } = loadAs('ia32');
    for (const { name, message } of [sharp, onnxruntime]) {
      assert.equal(name, 'NativeModuleError', message);
      assert.ok(message.includes(`on ${process.platform}-ia32 (`), message);
      assert.ok(message.includes(SUPPORTED_PLATFORMS.join(', ')), message);
      assert.doesNotMatch(message, /npm (i|install)\b|\.vsix/, message);
    }
  });

  it('keep the reason the module gave, up to its installation advice', () => {
    const sharpLike = new Error(
      'Could not load the "sharp" module using the linux-arm64 runtime\nUnsupported CPU: Prebuilt binaries for Linux x64 require v2 microarchitecture\nPossible solutions:\n- Ensure optional dependencies can be installed:\n    npm install --include=optional sharp',
    );
    assert.throws(
      () =>
        loadNative(
          'sharp',
          () => {
            throw sharpLike;
          },
          'linux-arm64',
        ),
      (err: Error) =>
        err instanceof NativeModuleError &&
        err.message === nativeModuleMessage('sharp', sharpLike, 'linux-arm64') &&
        err.message.includes(
          '(Could not load the "sharp" module using the linux-arm64 runtime; Unsupported CPU: Prebuilt binaries for Linux x64 require v2 microarchitecture)',
        ),
    );
  });

  it('load the modules on a platform that is built for', () => {
    assert.equal(typeof loadNative<(input: Uint8Array) => unknown>('sharp'), 'function');
  });
});
