import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promises as fs, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { characterRecall, renderPhoto, renderScreen } from '../../../scripts/lib/renderedText';
import { ocrAssets, TRAINEDDATA } from '../../../src/inference/ocr/assets';
import { TextReader } from '../../../src/inference/ocr/textReader';

/** The floor for rendered UI text; the benchmark reports the measured figure (1.00 on these). */
const MIN_RECALL = 0.9;

describe('TextReader', () => {
  let reader: TextReader;
  before(async () => {
    reader = await TextReader.start();
  });
  after(() => reader?.dispose());

  it('reads the text of a rendered light screen', async () => {
    const screen = await renderScreen({ lines: ['Enable telemetry', 'Check for updates automatically', 'Restart to apply'] });
    const result = await reader.read(screen.png);
    assert.equal(result.verdict.likely, true);
    const recall = characterRecall(screen.lines.join(' '), result.lines.map((l) => l.text).join(' '));
    assert.ok(recall >= MIN_RECALL, `recall ${recall.toFixed(3)}: ${JSON.stringify(result.lines.map((l) => l.text))}`);
    assert.ok(result.text.includes('Enable telemetry'), result.text);
  });

  it('reads light text on a dark screen, in a serif face', async () => {
    const screen = await renderScreen({
      lines: ['Build passed in 42 seconds', 'Deploy to production?'],
      theme: 'dark',
      fontFamily: 'DejaVu Serif',
    });
    const result = await reader.read(screen.png);
    const recall = characterRecall(screen.lines.join(' '), result.text);
    assert.ok(recall >= MIN_RECALL, `recall ${recall.toFixed(3)}: ${JSON.stringify(result.text)}`);
  });

  it('does not read a photograph', async () => {
    const result = await reader.read(await renderPhoto(11));
    assert.equal(result.verdict.likely, false);
    assert.deepEqual(result.lines, []);
    assert.equal(result.text, '');
  });

  it('reads a file path, judging it by its name too', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ocr-'));
    try {
      const file = path.join(dir, 'Screenshot 2024-05-01.png');
      await fs.writeFile(file, (await renderScreen({ lines: ['Sign in'] })).png);
      const result = await reader.read(file);
      assert.match(result.verdict.reason, /file name/);
      assert.equal(result.text, 'Sign in');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('names the image when it cannot be decoded, and goes on reading others', async () => {
    await assert.rejects(reader.read(new Uint8Array([1, 2, 3, 4])), /not an image/);
    const result = await reader.read((await renderScreen({ lines: ['Cancel'] })).png);
    assert.equal(result.text, 'Cancel');
  });
});

/** Runs readOffline.ts in a child process with the network refused; its output and the threads that started. */
async function readInBlockedProcess(...args: string[]): Promise<{ stdout: string; stderr: string; threads: string[] }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ocr-offline-'));
  const log = path.join(dir, 'threads.log');
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        '--require',
        path.resolve('test/helpers/blockNetwork.cjs'),
        '--import',
        'tsx',
        path.resolve('test/unit/ocr/readOffline.ts'),
        ...args,
      ],
      { env: { ...process.env, BLOCK_NETWORK_LOG: log }, timeout: 240_000 },
    );
    return { stdout, stderr, threads: (await fs.readFile(log, 'utf8')).trim().split('\n') };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('text recognition without a network', () => {
  it('uses a worker script and traineddata that are files on this machine', () => {
    const assets = ocrAssets(path.resolve('src/inference/ocr'));
    for (const file of [assets.workerPath, path.join(assets.langPath, TRAINEDDATA)]) {
      assert.ok(path.isAbsolute(file), file);
      assert.ok(statSync(file).isFile(), file);
    }
  });

  it('the block it is checked under does refuse a worker thread that reaches out', async () => {
    const script = `const { Worker } = require('node:worker_threads');
      new Worker("require('node:https').get('https://cdn.jsdelivr.net/npm/@tesseract.js-data/eng')", { eval: true }).on('error', () => undefined);`;
    const { stderr } = await promisify(execFile)(process.execPath, [
      '--require',
      path.resolve('test/helpers/blockNetwork.cjs'),
      '-e',
      script,
    ]);
    assert.match(stderr, /NETWORK ATTEMPT: https.get/);
  });

  it('reads text in a process where every thread has fetch, http, https, net and dns refused', async () => {
    const { stdout, stderr, threads } = await readInBlockedProcess();
    assert.doesNotMatch(stderr, /NETWORK ATTEMPT/);
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { text: string };
    assert.equal(result.text, 'Enable telemetry\nSend usage data');
    // The main thread, the text-reading thread and tesseract.js's thread (and tsx's loader thread) had the block.
    assert.ok(threads.filter((t) => t.startsWith('worker')).length >= 2, threads.join(', '));
  });

  it('never starts tesseract.js for a photograph: one thread fewer than for a screen', async () => {
    const photo = await readInBlockedProcess('photo');
    assert.deepEqual(JSON.parse(photo.stdout.trim().split('\n').pop()!), { text: '', likely: false });
    const screen = await readInBlockedProcess();
    const workers = (threads: string[]) => threads.filter((t) => t.startsWith('worker')).length;
    assert.equal(workers(photo.threads), workers(screen.threads) - 1, `${photo.threads.join(', ')} / ${screen.threads.join(', ')}`);
  });
});
