import manifest from '../../package.json';

export { docsUrl, PROJECT_URL, repositoryUrl } from '../rules/projectUrl';

const { name, version } = manifest as { name: string; version: string };

/** The package's name and version, as published. */
export const TOOL = { name, version };
