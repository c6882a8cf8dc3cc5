import { version } from '../package.json';
import { ExitCode, UsageError } from './cli/errors';

/** One subcommand: receives the arguments after its name, returns the exit code. */
type Subcommand = (args: string[]) => Promise<number>;

// Loaded on demand so that `check` never pays for onnxruntime or sharp.
const subcommands: Record<string, { summary: string; load: () => Promise<Subcommand> }> = {
  model: { summary: 'download, inspect or clear the captioning model', load: async () => (await import('./cli/model')).default },
  check: { summary: 'report images whose alt text is missing or a placeholder', load: async () => (await import('./cli/check')).check },
  caption: { summary: 'write a caption for images with the local BLIP model', load: async () => (await import('./cli/caption')).caption },
  fix: {
    summary: 'caption images that lack alt text and write the captions into the documents',
    load: async () => (await import('./cli/fix')).fix,
  },
  match: {
    summary: 'score how well texts (such as alt text) describe images, with BLIP image-text matching',
    load: async () => (await import('./cli/match')).match,
  },
};

function usage(): string {
  const lines = Object.entries(subcommands).map(([name, c]) => `  ${name.padEnd(10)}${c.summary}`);
  return [
    'usage: local-alt-text <command> [options]',
    '       local-alt-text --version',
    '',
    'commands:',
    ...lines,
    '',
    'Run `local-alt-text <command> --help` for its options.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    (name ? process.stdout : process.stderr).write(usage() + '\n');
    return name ? ExitCode.ok : ExitCode.error;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${version}\n`);
    return ExitCode.ok;
  }
  const command = subcommands[name];
  if (!command) {
    process.stderr.write(`local-alt-text: unknown command '${name}'\n\n${usage()}\n`);
    return ExitCode.error;
  }
  try {
    return await (
      await command.load()
    )(rest);
  } catch (err) {
    // A native module that cannot load is the installation's problem, not a bug: no stack trace.
    // (Its class is lost when it comes from a worker thread; its name is kept.)
    const expected = err instanceof UsageError || (err instanceof Error && err.name === 'NativeModuleError');
    const message = expected ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`local-alt-text ${name}: ${message}\n`);
    return ExitCode.error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
