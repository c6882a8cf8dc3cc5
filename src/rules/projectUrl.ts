import manifest from '../../package.json';

interface Manifest {
  name: string;
  homepage?: string;
  repository?: string | { type?: string; url?: string };
}

const { name, homepage, repository } = manifest as Manifest;

/**
 * Where the project lives on the web: the manifest's repository (as a browsable https address), else
 * its homepage, else the package's page on npm, which shows the README.
 */
export const PROJECT_URL = repositoryUrl(repository) ?? homepage ?? `https://www.npmjs.com/package/${name}`;

/** An address for one of the project's documents (`docs/cli.md#anchor`), for help links. */
export function docsUrl(document: string, anchor?: string): string {
  const base = repositoryUrl(repository) ? `${PROJECT_URL}/blob/HEAD/${document}` : PROJECT_URL;
  return anchor ? `${base}#${anchor}` : base;
}

/** npm's repository forms (`owner/name`, `github:owner/name`, `git+https://...git`) as an https address. */
export function repositoryUrl(value: Manifest['repository']): string | undefined {
  const raw = typeof value === 'string' ? value : value?.url;
  if (!raw) return undefined;
  const shorthand = /^(?:(github|gitlab|bitbucket):)?([\w.-]+\/[\w.-]+)$/.exec(raw);
  if (shorthand) {
    const host = { github: 'github.com', gitlab: 'gitlab.com', bitbucket: 'bitbucket.org' }[(shorthand[1] ?? 'github') as 'github'];
    return `https://${host}/${shorthand[2].replace(/\.git$/, '')}`;
  }
  const scp = /^[\w.-]+@([^:/]+):(.+?)(?:\.git)?$/.exec(raw);
  if (scp) return `https://${scp[1]}/${scp[2]}`;
  const url = /^(?:git\+)?(?:https?|git|ssh):\/\/(?:[^@/]+@)?([^/:]+)(?::\d+)?\/(.+?)(?:\.git)?\/?$/.exec(raw);
  return url ? `https://${url[1]}/${url[2]}` : undefined;
}
