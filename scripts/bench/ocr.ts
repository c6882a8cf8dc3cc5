/**
 * Text recognition on images rendered here with known text: screens in DejaVu faces (Debian's
 * fonts, through sharp's librsvg and fontconfig), light and dark, as PNG and as JPEG, and
 * photograph stand-ins that must not be read. Reports character recall (of everything tesseract
 * read, and of the short visible text that goes into alt text) and milliseconds per image through
 * TextReader, i.e. decode, judge and recognise in the worker threads, as captioning runs it.
 *
 *   npm run bench -- ocr [--rounds N]
 *
 * Times are medians over the rounds; the machine may be busy, so compare runs on one machine only.
 */
import sharp from 'sharp';
import { option } from './args';
import { describeMachine } from './machine';
import { median } from './stats';
import { characterRecall, renderPhoto, renderScreen } from '../lib/renderedText';
import { TextReader } from '../../src/inference/ocr/textReader';
import { selectVisibleText, type RecognizedLine } from '../../src/inference/ocr/selectText';

/** A drawn line as a perfect reading would give it. */
const perfectLine = (text: string): RecognizedLine => ({
  text,
  confidence: 100,
  words: text.split(' ').map((w) => ({ text: w, confidence: 100 })),
});

const TEXTS = [
  ['Enable telemetry', 'Check for updates automatically', 'Restart to apply changes'],
  ['Sign in to continue', 'Forgot your password?', 'Create an account'],
  ['Build passed in 42 seconds', 'Deploy to production?', 'Cancel'],
  ['Settings', 'Font size: 14', 'Word wrap: on'],
];
const FACES = ['DejaVu Sans', 'DejaVu Serif', 'DejaVu Sans Mono', 'DejaVu Sans Condensed'];
const SIZES = [8, 9, 10, 12, 14, 18];

interface Case {
  name: string;
  bytes: Buffer;
  lines: string[];
}

async function cases(): Promise<Case[]> {
  const out: Case[] = [];
  let i = 0;
  for (const fontFamily of FACES)
    for (const fontSize of SIZES) {
      const lines = TEXTS[i % TEXTS.length];
      const theme = i % 2 ? 'dark' : 'light';
      i++;
      const { png } = await renderScreen({ lines, fontFamily, fontSize, theme });
      out.push({ name: `${fontFamily} ${fontSize}px ${theme} png`, bytes: png, lines });
      out.push({ name: `${fontFamily} ${fontSize}px ${theme} jpeg`, bytes: await sharp(png).jpeg({ quality: 80 }).toBuffer(), lines });
    }
  return out;
}

export async function run(args: string[]): Promise<void> {
  const rounds = Math.max(1, Number(option(args, '--rounds') ?? 3));
  const screens = await cases();
  const photos = await Promise.all([1, 2, 3, 4, 5].map((seed) => renderPhoto(seed)));
  const machine = describeMachine();
  console.log(`machine: ${machine.cpu}, ${machine.cpus} CPUs, Node ${machine.node}`);

  const started = performance.now();
  const reader = await TextReader.start();
  const startMs = performance.now() - started;
  try {
    const firstStart = performance.now();
    await reader.read(screens[0].bytes);
    const firstMs = performance.now() - firstStart;

    const screenMs: number[][] = screens.map(() => []);
    const recallAll: number[] = [];
    const recallShort: number[] = [];
    let judgedScreens = 0;
    for (let round = 0; round < rounds; round++) {
      for (const [k, c] of screens.entries()) {
        const t = performance.now();
        const result = await reader.read(c.bytes);
        screenMs[k].push(performance.now() - t);
        if (round > 0) continue;
        if (result.verdict.likely) judgedScreens++;
        recallAll.push(characterRecall(c.lines.join(' '), result.lines.map((l) => l.text).join(' ')));
        // The short text keeps only some lines: recall against what it keeps of the drawn lines.
        recallShort.push(characterRecall(selectVisibleText(c.lines.map(perfectLine)), result.text));
      }
    }
    const photoMs: number[] = [];
    let photosRead = 0;
    for (let round = 0; round < rounds; round++)
      for (const photo of photos) {
        const t = performance.now();
        const result = await reader.read(photo);
        photoMs.push(performance.now() - t);
        if (round === 0 && result.verdict.likely) photosRead++;
      }

    console.log(`\nthe text-reading thread started in ${startMs.toFixed(0)} ms; first image ${firstMs.toFixed(0)} ms`);
    console.log(`\n${'image'.padEnd(40)} ${'recall'.padStart(7)} ${'short'.padStart(7)} ${'ms'.padStart(7)}`);
    screens.forEach((c, k) => {
      const columns = [recallAll[k].toFixed(3), recallShort[k].toFixed(3), median(screenMs[k]).toFixed(0)];
      console.log(`${c.name.padEnd(40)} ${columns.map((v) => v.padStart(7)).join(' ')}`);
    });
    const perImage = screens.map((_, k) => median(screenMs[k]));
    console.log(`\nscreens: ${screens.length}, judged screenshot-like: ${judgedScreens}`);
    console.log(`character recall, all text read: median ${median(recallAll).toFixed(3)}, lowest ${Math.min(...recallAll).toFixed(3)}`);
    console.log(
      `character recall, the short visible text: median ${median(recallShort).toFixed(3)}, lowest ${Math.min(...recallShort).toFixed(3)}`,
    );
    console.log(`ms per screen: median ${median(perImage).toFixed(0)} (${rounds} round${rounds === 1 ? '' : 's'})`);
    console.log(
      `photographs: ${photos.length}, read: ${photosRead}; ms per photograph (decode and judge only): median ${median(photoMs).toFixed(0)}`,
    );
  } finally {
    await reader.dispose();
  }
}
