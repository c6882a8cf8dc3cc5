import { ExitCode, UsageError } from './cli/errors';

/** One subcommand: receives the arguments after its name, returns the exit code. */
type Subcommand = (args: string[]) => Promise<number>;

// Loaded on demand so that `check` never pays for onnxruntime or sharp.
const subcommands: Record<string, { summary: string; load: () => Promise<Subcommand> }> = {
  model: { summary: 'download, inspect or clear the captioning model', load: async () => (await import('./cli/model')).default },
  check: { summary: 'report images whose alt text is missing or a placeholder', load: async () => (await import('./cli/check')).check },
  caption: { summary: 'write a caption for images with the local BLIP model', load: async () => (await import('./cli/caption')).caption },
  fix: { summary: 'caption images that lack alt text and write the captions into the documents', load: async () => (await import('./cli/fix')).fix },
  match: { summary: 'score how well texts (such as alt text) describe images, with BLIP image-text matching', load: async () => (await import('./cli/match')).match },
};

function usage(): string {
  const lines = Object.entries(subcommands).map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`);
  return ['usage: local-alt-text <command> [options]', '', 'commands:', ...lines, '', 'Run `local-alt-text <command> --help` for its options.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    (name ? process.stdout : process.stderr).write(usage() + '\n');
    return name ? ExitCode.ok : ExitCode.error;
  }
  const command = subcommands[name];
  if (!command) {
    process.stderr.write(`local-alt-text: unknown command '${name}'\n\n${usage()}\n`);
    return ExitCode.error;
  }
  try {
    return await (await command.load())(rest);
  } catch (err) {
    const message = err instanceof UsageError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`local-alt-text ${name}: ${message}\n`);
    return ExitCode.error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
