// Run by textReader.test.ts in a child process with test/helpers/blockNetwork.cjs preloaded: reads
// a rendered screen (or, with the argument "photo", a photograph) and prints what was read as JSON.
import { renderPhoto, renderScreen } from '../../../scripts/lib/renderedText';
import { TextReader } from '../../../src/inference/ocr/textReader';

(async () => {
  const image =
    process.argv[2] === 'photo' ? await renderPhoto(3) : (await renderScreen({ lines: ['Enable telemetry', 'Send usage data'] })).png;
  const reader = await TextReader.start();
  try {
    const result = await reader.read(image);
    process.stdout.write(JSON.stringify({ text: result.text, likely: result.verdict.likely }) + '\n');
  } finally {
    await reader.dispose();
  }
})().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
