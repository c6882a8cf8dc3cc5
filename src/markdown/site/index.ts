// Knowing the site: which generator builds it, and what its configuration says about images.
export type { Generator, MountedFolder, SiteProfile } from './siteProfile';
export { siteAt, SiteFinder } from './findSite';
export { resolveSiteSource, pageUrlOf, type SiteResolveOptions } from './siteSource';
export {
  findProjectConfig,
  loadProjectConfig,
  parseProjectConfig,
  ProjectConfigError,
  PROJECT_CONFIG_NAMES,
  type ProjectConfig,
} from './projectConfig';
export { ProjectContext, type ProjectContextOptions } from './projectContext';
