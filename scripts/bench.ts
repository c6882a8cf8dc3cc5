// `npm run bench -- <name> [args...]`: runs one benchmark from scripts/bench/.
const benchmarks: Record<string, () => Promise<{ run(args: string[]): Promise<void> }>> = {
  scan: () => import('./bench/scan'),
};

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const load = name ? benchmarks[name] : undefined;
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
