// `npm run bench -- <name> [args...]`: runs one benchmark from scripts/bench/. Without a name (or
// with only options) it runs the captioning benchmark.
const benchmarks: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  caption: () => import('./bench/caption'),
  match: () => import('./bench/match'),
  ocr: () => import('./bench/ocr'),
  preprocess: () => import('./bench/preprocess'),
  scan: () => import('./bench/scan'),
  tiny: () => import('./bench/tiny'),
  widen: () => import('./bench/widen'),
};

async function main(): Promise<void> {
  const given = process.argv.slice(2);
  const [name, ...args] = given.length === 0 || given[0].startsWith('--') ? ['caption', ...given] : given;
  const load = benchmarks[name];
  if (!load) {
    process.stderr.write(`usage: npm run bench -- <${Object.keys(benchmarks).join('|')}> [args...]\n`);
    process.exitCode = 2;
    return;
  }
  await (await load()).run(args);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
