import type { Badge } from './types';
import { urlParts } from './urlParts';
import { capitalise } from './capitalise';

/**
 * Recognises a status badge from its URL and says what its alt text should be: the badge's label
 * ("npm version", "CI status"), with its message when the URL fixes it ("license: MIT"). A badge's
 * picture is a few words of text, so a captioner can only describe its shape; and a dynamic badge's
 * message changes, so the alt names what it shows, not what it showed once.
 */
export function badgeOf(src: string): Badge | undefined {
  const url = parseUrl(src);
  if (!url) return undefined;
  const { host, segments } = urlParts(url);
  for (const recognise of HOSTS) {
    const badge = recognise(host, segments, url.searchParams);
    if (badge) return badge;
  }
  return undefined;
}

type Recogniser = (host: string, segments: string[], query: URLSearchParams) => Badge | undefined;

const HOSTS: Recogniser[] = [
  (host, segments, query) => (host === 'shields.io' || host.endsWith('.shields.io') ? shields(segments, query) : undefined),
  (host, segments, query) => (host === 'badgen.net' || host.endsWith('.badgen.net') ? badgen(segments, query) : undefined),
  (host, segments) => {
    if (host !== 'github.com' || segments.length < 5 || last(segments) !== 'badge.svg') return undefined;
    // github.com/OWNER/REPO/actions/workflows/FILE/badge.svg: the file names the workflow.
    if (segments[2] === 'actions' && segments[3] === 'workflows')
      return { service: 'GitHub Actions', alt: `${workflowName(segments[4])} status` };
    // The older github.com/OWNER/REPO/workflows/NAME/badge.svg names it directly.
    if (segments[2] === 'workflows') return { service: 'GitHub Actions', alt: `${segments[3]} status` };
    return undefined;
  },
  (host, segments) =>
    (host === 'codecov.io' || host === 'app.codecov.io') && /^badge\.(svg|png)$/.test(last(segments) ?? '')
      ? { service: 'Codecov', alt: 'Code coverage' }
      : undefined,
  (host, segments) => (host === 'coveralls.io' && segments[0] === 'repos' ? { service: 'Coveralls', alt: 'Coverage status' } : undefined),
  (host, segments) =>
    /(^|\.)travis-ci\.(org|com)$/.test(host) && /\.(svg|png)$/.test(last(segments) ?? '')
      ? { service: 'Travis CI', alt: 'Build status' }
      : undefined,
  (host, segments) =>
    (host === 'circleci.com' && /\.(svg|png)$/.test(last(segments) ?? '')) || (host === 'dl.circleci.com' && segments[0] === 'status-badge')
      ? { service: 'CircleCI', alt: 'CircleCI build status' }
      : undefined,
  (host, segments) =>
    host === 'ci.appveyor.com' && segments[0] === 'api' && segments[1] === 'projects' && segments[2] === 'status'
      ? { service: 'AppVeyor', alt: 'AppVeyor build status' }
      : undefined,
  (host, segments) =>
    (host === 'dev.azure.com' || host.endsWith('.visualstudio.com')) && segments.includes('_apis') && segments.includes('status')
      ? { service: 'Azure Pipelines', alt: 'Azure Pipelines build status' }
      : undefined,
  // GitLab's own badges, on gitlab.com or a self-hosted instance: .../badges/BRANCH/pipeline.svg.
  (_host, segments) => {
    const at = segments.lastIndexOf('badges');
    if (at < 1 || at + 2 !== segments.length - 1) return undefined;
    const kind = { 'pipeline.svg': 'Pipeline status', 'coverage.svg': 'Coverage', 'release.svg': 'Latest release' }[last(segments)!];
    return kind ? { service: 'GitLab', alt: kind } : undefined;
  },
  (host, segments) =>
    (host === 'readthedocs.org' || host === 'readthedocs.com') && segments[0] === 'projects' && segments[2] === 'badge'
      ? { service: 'Read the Docs', alt: 'Documentation status' }
      : undefined,
  (host, segments) => {
    if (host !== 'badge.fury.io' || segments.length < 2) return undefined;
    const registry = { js: 'npm', py: 'PyPI', rb: 'Gem', gh: 'GitHub', nu: 'NuGet' }[segments[0]];
    return registry ? { service: 'badge.fury.io', alt: `${registry} version` } : undefined;
  },
  (host, segments) =>
    host === 'snyk.io' && segments[0] === 'test' && last(segments) === 'badge.svg'
      ? { service: 'Snyk', alt: 'Known vulnerabilities' }
      : undefined,
  (host, segments) => {
    if (host !== 'api.codeclimate.com' || !segments.includes('badges')) return undefined;
    const kind = { maintainability: 'Maintainability', test_coverage: 'Test coverage' }[last(segments)!];
    return kind ? { service: 'Code Climate', alt: kind } : undefined;
  },
  (host, segments) => {
    if (!host.endsWith('codacy.com') || !segments.includes('badge')) return undefined;
    return { service: 'Codacy', alt: segments.includes('Coverage') ? 'Coverage' : 'Code quality' };
  },
  (host, segments, query) => {
    if (host !== 'sonarcloud.io' || segments[0] !== 'api' || segments[1] !== 'project_badges') return undefined;
    const metric = segments[2] === 'quality_gate' ? 'alert_status' : (query.get('metric') ?? '');
    return { service: 'SonarCloud', alt: SONAR_METRICS[metric] ?? capitalise(words(metric) || 'quality gate status') };
  },
  (host, segments) =>
    host === 'goreportcard.com' && segments[0] === 'badge' ? { service: 'Go Report Card', alt: 'Go Report Card' } : undefined,
  (host, segments) => (host === 'pkg.go.dev' && segments[0] === 'badge' ? { service: 'pkg.go.dev', alt: 'Go reference' } : undefined),
  (host, segments) => (host === 'docs.rs' && last(segments) === 'badge.svg' ? { service: 'docs.rs', alt: 'Documentation' } : undefined),
  (host, segments) =>
    host === 'deps.rs' && last(segments) === 'status.svg' ? { service: 'deps.rs', alt: 'Dependency status' } : undefined,
  (host, segments) =>
    host === 'api.securityscorecards.dev' && last(segments) === 'badge' ? { service: 'OpenSSF', alt: 'OpenSSF Scorecard' } : undefined,
  (host, segments) =>
    (host === 'bestpractices.dev' || host === 'bestpractices.coreinfrastructure.org') && last(segments) === 'badge'
      ? { service: 'OpenSSF', alt: 'OpenSSF Best Practices' }
      : undefined,
  (host, segments) =>
    host === 'api.netlify.com' && last(segments) === 'deploy-status' ? { service: 'Netlify', alt: 'Netlify status' } : undefined,
  (host, segments) =>
    (host === 'pepy.tech' || host === 'static.pepy.tech') && segments[0] === 'badge' ? { service: 'pepy', alt: 'Downloads' } : undefined,
  (host, segments) =>
    host === 'results.pre-commit.ci' && segments[0] === 'badge' ? { service: 'pre-commit.ci', alt: 'pre-commit.ci status' } : undefined,
  (host, segments) =>
    host === 'colab.research.google.com' && last(segments) === 'colab-badge.svg' ? { service: 'Colab', alt: 'Open in Colab' } : undefined,
  (host, segments) =>
    host === 'mybinder.org' && /^badge(_logo)?\.svg$/.test(last(segments) ?? '') ? { service: 'Binder', alt: 'Launch Binder' } : undefined,
  (host, segments) =>
    host === 'forthebadge.com' && segments[0] === 'images' && segments[1] === 'badges' && segments[2]
      ? { service: 'forthebadge', alt: capitalise(words(stripExtension(segments[2]))) }
      : undefined,
];

/** img.shields.io: static badges (`/badge/LABEL-MESSAGE-COLOR`, `/static/v1?...`), endpoint badges and its services. */
function shields(segments: string[], query: URLSearchParams): Badge | undefined {
  const service = 'shields.io';
  const label = query.get('label');
  if (segments[0] === 'badge' && segments.length >= 2) {
    const parts = splitShieldsContent(stripExtension(segments.slice(1).join('/')));
    // LABEL-MESSAGE-COLOR, or MESSAGE-COLOR without a label.
    const message = parts.length >= 2 ? parts[parts.length - 2] : parts[0];
    const ownLabel = parts.length >= 3 ? parts.slice(0, -2).join('-') : '';
    return { service, alt: labelled(label ?? ownLabel, message) };
  }
  if (segments[0] === 'static' && query.has('message')) return { service, alt: labelled(label ?? '', query.get('message') ?? '') };
  if (segments[0] === 'endpoint') return { service, alt: label || 'Status' };
  if (label) return { service, alt: label };
  const alt = serviceAlt(segments);
  return alt ? { service, alt } : undefined;
}

/** badgen.net: static badges (`/badge/LABEL/STATUS/COLOR`) and services laid out as in shields.io. */
function badgen(segments: string[], query: URLSearchParams): Badge | undefined {
  const service = 'badgen.net';
  const label = query.get('label');
  if (segments[0] === 'badge' && segments.length >= 3) return { service, alt: labelled(label ?? segments[1], segments[2]) };
  if (segments[0] === 'badge' && segments.length === 2) return { service, alt: labelled(label ?? '', segments[1]) };
  if (label) return { service, alt: label };
  const alt = serviceAlt(segments);
  return alt ? { service, alt } : undefined;
}

/** The alt of a service badge (`/npm/v/PACKAGE`, `/github/stars/OWNER/REPO`): the service's name and what it measures. */
function serviceAlt(segments: string[]): string | undefined {
  const [serviceId, metricId, ...rest] = segments;
  if (!serviceId) return undefined;
  if (serviceId === 'github') {
    // /github/actions/workflow/status/OWNER/REPO/FILE and the older /github/workflow/status/OWNER/REPO/NAME.
    if (metricId === 'actions' && rest[0] === 'workflow' && rest[1] === 'status' && rest[4]) return `${workflowName(rest[4])} status`;
    if (metricId === 'workflow' && rest[0] === 'status' && rest[3]) return `${stripExtension(rest[3])} status`;
    if (metricId === 'v' && rest[0]) return `GitHub ${METRICS[rest[0]] ?? words(rest[0])}`;
    if (metricId === 'languages' && rest[0] === 'top') return 'Top language';
    if (metricId === 'package-json' && rest[0] === 'v') return 'Version';
  }
  if (serviceId === 'node' && metricId === 'v') return 'Node.js version';
  if (metricId === 'l' || metricId === 'license') return 'License';
  const combined = COMBINED[`${serviceId}/${stripExtension(metricId ?? '')}`];
  if (combined) return combined;
  const name = SERVICES[serviceId] ?? words(serviceId);
  if (!metricId) return name;
  const metric = METRICS[stripExtension(metricId)];
  // A service without a known metric is still named, so the alt says which badge it is.
  return metric ? `${name} ${metric}` : name;
}

/** Badges whose metric reads better alone than after the service's name. */
const COMBINED: Record<string, string> = {
  'pypi/pyversions': 'Supported Python versions',
  'pypi/implementation': 'Python implementation',
  'bundlephobia/min': 'Minified size',
  'bundlephobia/minzip': 'Minified and gzipped size',
  'packagephobia/install': 'Install size',
  'packagephobia/publish': 'Publish size',
  'twitter/follow': 'Follow on Twitter',
  'twitter/url': 'Share on Twitter',
};

const SERVICES: Record<string, string> = {
  npm: 'npm',
  pypi: 'PyPI',
  crates: 'crates.io',
  gem: 'Gem',
  nuget: 'NuGet',
  packagist: 'Packagist',
  'maven-central': 'Maven Central',
  docker: 'Docker',
  conda: 'conda',
  cocoapods: 'CocoaPods',
  hexpm: 'Hex',
  pub: 'pub',
  cran: 'CRAN',
  homebrew: 'Homebrew',
  aur: 'AUR',
  chocolatey: 'Chocolatey',
  jsr: 'JSR',
  'visual-studio-marketplace': 'VS Code Marketplace',
  'open-vsx': 'Open VSX',
  github: 'GitHub',
  gitlab: 'GitLab',
  codecov: 'Codecov',
  coveralls: 'Coveralls',
  discord: 'Discord',
  twitter: 'Twitter',
  readthedocs: 'Documentation status',
  bundlephobia: 'Bundle',
  packagephobia: 'Package',
  librariesio: 'Libraries.io',
  snyk: 'Snyk',
  liberapay: 'Liberapay',
  opencollective: 'Open Collective',
  sonar: 'Sonar',
  codeclimate: 'Code Climate',
  codacy: 'Codacy',
  travis: 'Travis CI',
  circleci: 'CircleCI',
  appveyor: 'AppVeyor',
  'azure-devops': 'Azure DevOps',
  jenkins: 'Jenkins',
  netlify: 'Netlify',
  website: 'Website',
  wakatime: 'WakaTime',
};

const METRICS: Record<string, string> = {
  v: 'version',
  vpre: 'pre-release version',
  version: 'version',
  d: 'downloads',
  dt: 'total downloads',
  dy: 'yearly downloads',
  dm: 'monthly downloads',
  dw: 'weekly downloads',
  dd: 'daily downloads',
  downloads: 'downloads',
  types: 'types',
  pyversions: 'Python versions',
  format: 'format',
  wheel: 'wheel',
  implementation: 'implementation',
  status: 'status',
  pulls: 'pulls',
  stars: 'stars',
  forks: 'forks',
  watchers: 'watchers',
  'image-size': 'image size',
  'last-commit': 'last commit',
  'commit-activity': 'commit activity',
  issues: 'issues',
  'issues-raw': 'issues',
  'issues-closed': 'closed issues',
  'issues-pr': 'pull requests',
  'issues-pr-raw': 'pull requests',
  contributors: 'contributors',
  release: 'release',
  tag: 'tag',
  'release-date': 'release date',
  'repo-size': 'repository size',
  'code-size': 'code size',
  checks: 'checks',
  'checks-status': 'checks status',
  c: 'coverage',
  coverage: 'coverage',
  coverageStatus: 'coverage',
  min: 'minified size',
  minzip: 'minified and gzipped size',
  install: 'install size',
  follow: 'follow',
  i: 'installs',
  installs: 'installs',
  r: 'rating',
  rating: 'rating',
  build: 'build status',
  'pipeline-status': 'pipeline status',
  pipeline: 'pipeline status',
  vulnerabilities: 'known vulnerabilities',
  'dependency-status': 'dependency status',
  maintainability: 'maintainability',
  'tech-debt': 'technical debt',
  'quality-gate': 'quality gate status',
  receives: 'donations received',
  backers: 'backers',
  sponsors: 'sponsors',
};

const SONAR_METRICS: Record<string, string> = {
  alert_status: 'Quality gate status',
  coverage: 'Coverage',
  bugs: 'Bugs',
  code_smells: 'Code smells',
  vulnerabilities: 'Vulnerabilities',
  security_rating: 'Security rating',
  reliability_rating: 'Reliability rating',
  sqale_rating: 'Maintainability rating',
  sqale_index: 'Technical debt',
  duplicated_lines_density: 'Duplicated lines',
  ncloc: 'Lines of code',
};

/**
 * Splits shields.io's static content as shields.io reads it: `-` separates label, message and
 * colour, `--` is a dash, `__` an underscore and a single `_` a space.
 */
function splitShieldsContent(content: string): string[] {
  return content
    .replace(/--/g, '\u0000')
    .split('-')
    .map((part) =>
      part
        .replace(/\u0000/g, '-')
        .replace(/__/g, '\u0001')
        .replace(/_/g, ' ')
        .replace(/\u0001/g, '_')
        .trim(),
    );
}

function labelled(label: string, message: string): string {
  const l = label.trim();
  const m = message.trim();
  if (l && m) return `${l}: ${m}`;
  return l || m || 'Badge';
}

/** A workflow file's name as words: `ci.yml` is "CI", `test-and-lint.yaml` "Test and lint". */
function workflowName(file: string): string {
  const name = words(file.replace(/\.ya?ml$/i, ''))
    .split(' ')
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w))
    .join(' ');
  return capitalise(name || 'Workflow');
}

const ACRONYMS = new Set(['ci', 'cd', 'e2e', 'ui', 'api', 'pr', 'qa']);

function words(id: string): string {
  return id
    .replace(/[-_.]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function stripExtension(name: string): string {
  return name.replace(/\.(svg|png|json)$/i, '');
}

function last(segments: string[]): string | undefined {
  return segments[segments.length - 1];
}

function parseUrl(src: string): URL | undefined {
  const trimmed = src.trim();
  // Protocol-relative badges (`//img.shields.io/...`) are common in old READMEs.
  const absolute = trimmed.startsWith('//') ? `https:${trimmed}` : trimmed;
  if (!/^https?:\/\//i.test(absolute)) return undefined;
  try {
    return new URL(absolute);
  } catch {
    return undefined;
  }
}
