import {
  DEFAULT_REPO,
  DEFAULT_REVISION,
  ModelStore,
  ModelStoreError,
  defaultCacheDir,
  formatBytes,
  type DownloadPlan,
  type ModelSource,
} from '../inference/store';
import { PRECISIONS, type Precision } from '../inference/types';
import { ExitCode, parseCommandLine, UsageError } from './errors';
import { confirm } from './confirm';
import { fetchWithProgress, processIo, type ModelIo } from './hubModel';

const USAGE = `usage: local-alt-text model <fetch|info|clear> [options]

  fetch   download the model from the hub (after asking) and convert it
            --repo ID          hub repository (default ${DEFAULT_REPO})
            --revision REV     branch, tag or commit (default ${DEFAULT_REVISION})
            --precision P      fp32 (default), int8 or q4: the pack to convert to
            --yes              download without asking
  info    list the models in the cache
            --json             as JSON
  clear   delete every downloaded and converted model in the cache

  common:   --cache-dir DIR    cache folder (default: $LOCAL_ALT_TEXT_CACHE, else the user's cache folder)

Environment: HF_ENDPOINT (hub URL), HF_TOKEN (private or gated repositories),
HTTPS_PROXY / HTTP_PROXY / NO_PROXY.`;

/** I/O the command uses, replaceable in tests. */
export type ModelCommandIo = ModelIo;

export { parseHubSpec } from './hubModel';

export default async function model(args: string[], io: ModelCommandIo = processIo): Promise<number> {
  const [action, ...rest] = args;
  if (!action || action === '--help' || action === '-h') {
    (action ? io.stdout : io.stderr).write(USAGE + '\n');
    return action ? ExitCode.ok : ExitCode.error;
  }
  const { values } = parse(rest);
  const store = new ModelStore({ cacheDir: values['cache-dir'] ?? defaultCacheDir() });
  try {
    switch (action) {
      case 'fetch':
        return await fetchCommand(
          store,
          { repo: values.repo, revision: values.revision, precision: precision(values.precision) },
          values.yes ?? false,
          io,
        );
      case 'info':
        return await infoCommand(store, values.json ?? false, io);
      case 'clear':
        await store.clear();
        io.stdout.write(`Cleared the model cache in ${store.cacheDir}\n`);
        return ExitCode.ok;
      default:
        throw new UsageError(`unknown action '${action}'\n\n${USAGE}`);
    }
  } catch (err) {
    if (err instanceof ModelStoreError || err instanceof TypeError) throw new UsageError(err.message);
    throw err;
  } finally {
    store.close();
  }
}

async function fetchCommand(store: ModelStore, source: ModelSource, yes: boolean, io: ModelCommandIo): Promise<number> {
  const ready = await store.findReady(source);
  if (ready) {
    io.stdout.write(`${ready}\n`);
    return ExitCode.ok;
  }
  const plan = await store.plan(source);
  io.stderr.write(describePlan(plan));
  if (!yes) {
    if (!io.stdin.isTTY) {
      io.stderr.write('Nothing was downloaded. Run again with --yes to download.\n');
      return ExitCode.error;
    }
    if (!(await confirm('Download? [y/N] ', io.stdin, io.stderr))) {
      io.stderr.write('Nothing was downloaded.\n');
      return ExitCode.error;
    }
  }
  io.stdout.write(`${await fetchWithProgress(store, source, io)}\n`);
  return ExitCode.ok;
}

function describePlan(plan: DownloadPlan): string {
  const resumed = plan.remainingBytes < plan.totalBytes ? ` (${formatBytes(plan.remainingBytes)} left to fetch)` : '';
  const lines = [
    `${plan.repo} at ${plan.revision} (commit ${plan.commit.slice(0, 12)}) from ${plan.host}: ${formatBytes(plan.totalBytes)} in ${plan.files.length} files${resumed}`,
  ];
  for (const file of plan.files) lines.push(`  ${file.name.padEnd(28)} ${formatBytes(file.bytes).padStart(9)}`);
  return lines.join('\n') + '\n';
}

async function infoCommand(store: ModelStore, json: boolean, io: ModelCommandIo): Promise<number> {
  const models = await store.info();
  if (json) {
    io.stdout.write(JSON.stringify({ cacheDir: store.cacheDir, models }, null, 2) + '\n');
    return ExitCode.ok;
  }
  io.stdout.write(`Model cache: ${store.cacheDir}\n`);
  if (models.length === 0) io.stdout.write('  (empty)\n');
  for (const m of models) {
    const name = m.repo
      ? `${m.repo}@${m.commit?.slice(0, 12)}${m.revisions.length ? ` (${m.revisions.join(', ')})` : ''}`
      : `local folder ${m.folder ?? '(unknown)'}`;
    io.stdout.write(`  ${name}: ${formatBytes(m.bytes)}\n`);
    if (m.checkpoint)
      io.stdout.write(`    checkpoint ${m.checkpoint.complete ? 'complete' : 'incomplete (resumable)'}: ${m.checkpoint.dir}\n`);
    for (const pack of m.packs)
      io.stdout.write(`    ${pack.precision} pack ${pack.usable ? 'ready' : `unusable (${pack.problem})`}: ${pack.dir}\n`);
  }
  return ExitCode.ok;
}

function parse(args: string[]) {
  return parseCommandLine(
    {
      args,
      options: {
        repo: { type: 'string' },
        revision: { type: 'string' },
        precision: { type: 'string' },
        yes: { type: 'boolean', short: 'y' },
        json: { type: 'boolean' },
        'cache-dir': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    },
    USAGE,
  );
}

function precision(value: string | undefined): Precision | undefined {
  if (value === undefined || (PRECISIONS as readonly string[]).includes(value)) return value as Precision | undefined;
  throw new UsageError(`--precision must be ${PRECISIONS.slice(0, -1).join(', ')} or ${PRECISIONS.at(-1)}, not '${value}'`);
}
