// Run by ocr-reader.test.ts in a child process with test/helpers/blockNetwork.cjs preloaded: reads
// a rendered screen and prints what was read as JSON.
import { renderScreen } from '../../../scripts/lib/renderedText';
import { TextReader } from '../../../src/inference/ocr/textReader';

(async () => {
  const screen = await renderScreen({ lines: ['Enable telemetry', 'Send usage data'] });
  const reader = await TextReader.start();
  try {
    const result = await reader.read(screen.png);
    process.stdout.write(JSON.stringify({ text: result.text, likely: result.verdict.likely }) + '\n');
  } finally {
    await reader.dispose();
  }
})().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
