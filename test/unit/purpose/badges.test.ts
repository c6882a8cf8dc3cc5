import assert from 'node:assert/strict';
import { badgeOf } from '../../../src/purpose';

// Badge URLs as they appear in the READMEs of well-known projects, and the alt text each should get.
const BADGES: [url: string, alt: string][] = [
  // shields.io services
  ['https://img.shields.io/npm/v/express.svg', 'npm version'],
  ['https://img.shields.io/npm/v/@vitejs/plugin-react', 'npm version'],
  ['//img.shields.io/npm/v/typescript.svg', 'npm version'],
  ['https://img.shields.io/npm/dm/react.svg?style=flat-square', 'npm monthly downloads'],
  ['https://img.shields.io/npm/l/express', 'License'],
  ['https://img.shields.io/github/license/vercel/next.js', 'License'],
  ['https://img.shields.io/github/actions/workflow/status/expressjs/express/ci.yml?branch=master', 'CI status'],
  ['https://img.shields.io/github/actions/workflow/status/pallets/flask/tests.yaml?branch=main', 'Tests status'],
  ['https://img.shields.io/github/workflow/status/facebook/jest/Node%20CI', 'Node CI status'],
  ['https://img.shields.io/github/stars/vercel/next.js?style=social', 'GitHub stars'],
  ['https://img.shields.io/github/v/release/cli/cli', 'GitHub release'],
  ['https://img.shields.io/github/last-commit/denoland/deno', 'GitHub last commit'],
  ['https://img.shields.io/pypi/v/requests.svg', 'PyPI version'],
  ['https://img.shields.io/pypi/pyversions/requests.svg', 'Supported Python versions'],
  ['https://img.shields.io/crates/v/serde.svg', 'crates.io version'],
  ['https://img.shields.io/crates/d/tokio', 'crates.io downloads'],
  ['https://img.shields.io/docker/pulls/library/nginx', 'Docker pulls'],
  ['https://img.shields.io/codecov/c/github/facebook/react', 'Codecov coverage'],
  ['https://img.shields.io/visual-studio-marketplace/v/esbenp.prettier-vscode', 'VS Code Marketplace version'],
  ['https://img.shields.io/bundlephobia/minzip/react', 'Minified and gzipped size'],
  ['https://img.shields.io/readthedocs/pip', 'Documentation status'],
  ['https://img.shields.io/discord/222078108977594368?label=Discord&logo=discord', 'Discord'],
  ['https://img.shields.io/github/actions/workflow/status/prettier/prettier/prod-test.yml?label=Prod&style=flat-square', 'Prod'],
  ['https://img.shields.io/endpoint?url=https%3A%2F%2Fexample.com%2Fbadge.json', 'Status'],
  // shields.io static badges: the message is fixed in the URL, so it belongs in the alt
  ['https://img.shields.io/badge/license-MIT-blue.svg', 'license: MIT'],
  ['https://img.shields.io/badge/code_style-prettier-ff69b4.svg?style=flat-square', 'code style: prettier'],
  ['https://img.shields.io/badge/PRs-welcome-brightgreen.svg', 'PRs: welcome'],
  ['https://img.shields.io/badge/built--with-open__source-green', 'built-with: open_source'],
  ['https://img.shields.io/badge/Made%20with-TypeScript-3178c6', 'Made with: TypeScript'],
  ['https://img.shields.io/badge/stable-green', 'stable'],
  ['https://img.shields.io/badge/-Discord-5865F2?logo=discord&logoColor=white', 'Discord'],
  ['https://img.shields.io/badge/version-1.2.3-blue?label=release', 'release: 1.2.3'],
  ['https://img.shields.io/static/v1?label=Made%20with&message=TypeScript&color=blue', 'Made with: TypeScript'],
  // badgen.net
  ['https://badgen.net/npm/v/express', 'npm version'],
  ['https://badgen.net/npm/dm/express', 'npm monthly downloads'],
  ['https://flat.badgen.net/github/stars/vuejs/vue', 'GitHub stars'],
  ['https://badgen.net/badge/license/MIT/blue', 'license: MIT'],
  ['https://badgen.net/packagephobia/install/express', 'Install size'],
  // the CI services' own badges
  ['https://github.com/microsoft/TypeScript/actions/workflows/ci.yml/badge.svg', 'CI status'],
  ['https://github.com/prettier/prettier/actions/workflows/prod-test.yml/badge.svg?branch=main', 'Prod test status'],
  ['https://github.com/nodejs/node/actions/workflows/test-linux.yml/badge.svg', 'Test linux status'],
  ['https://github.com/psf/black/workflows/Test/badge.svg', 'Test status'],
  ['https://codecov.io/gh/prettier/prettier/branch/main/graph/badge.svg', 'Code coverage'],
  ['https://codecov.io/github/fastapi/fastapi/graph/badge.svg?token=abc', 'Code coverage'],
  ['https://coveralls.io/repos/github/expressjs/express/badge.svg?branch=master', 'Coverage status'],
  ['https://travis-ci.org/expressjs/express.svg?branch=master', 'Build status'],
  ['https://api.travis-ci.com/rails/rails.svg', 'Build status'],
  ['https://dl.circleci.com/status-badge/img/gh/facebook/react/tree/main.svg?style=svg', 'CircleCI build status'],
  ['https://circleci.com/gh/facebook/react.svg?style=shield', 'CircleCI build status'],
  ['https://ci.appveyor.com/api/projects/status/github/nodejs/node?svg=true', 'AppVeyor build status'],
  ['https://dev.azure.com/dnceng-public/public/_apis/build/status/dotnet/runtime?branchName=main', 'Azure Pipelines build status'],
  ['https://gitlab.com/gitlab-org/gitlab/badges/master/pipeline.svg', 'Pipeline status'],
  ['https://gitlab.com/gitlab-org/gitlab-runner/badges/main/coverage.svg', 'Coverage'],
  ['https://readthedocs.org/projects/requests/badge/?version=latest', 'Documentation status'],
  ['https://badge.fury.io/js/express.svg', 'npm version'],
  ['https://badge.fury.io/py/requests.svg', 'PyPI version'],
  ['https://snyk.io/test/github/expressjs/express/badge.svg', 'Known vulnerabilities'],
  ['https://api.codeclimate.com/v1/badges/a99a88d28ad37a79dbf6/maintainability', 'Maintainability'],
  ['https://sonarcloud.io/api/project_badges/measure?project=org_repo&metric=alert_status', 'Quality gate status'],
  ['https://pkg.go.dev/badge/github.com/gin-gonic/gin.svg', 'Go reference'],
  ['https://goreportcard.com/badge/github.com/gin-gonic/gin', 'Go Report Card'],
  ['https://docs.rs/serde/badge.svg', 'Documentation'],
  ['https://api.securityscorecards.dev/projects/github.com/nodejs/node/badge', 'OpenSSF Scorecard'],
  ['https://www.bestpractices.dev/projects/29/badge', 'OpenSSF Best Practices'],
  ['https://api.netlify.com/api/v1/badges/3e6c1a1b/deploy-status', 'Netlify status'],
  ['https://static.pepy.tech/badge/requests/month', 'Downloads'],
  ['https://results.pre-commit.ci/badge/github/psf/black/main.svg', 'pre-commit.ci status'],
  ['https://colab.research.google.com/assets/colab-badge.svg', 'Open in Colab'],
  ['https://mybinder.org/badge_logo.svg', 'Launch Binder'],
];

const NOT_BADGES = [
  'images/badge.svg',
  './ci.svg',
  '/img/logo.png',
  'https://example.com/badge.svg',
  'https://github.com/expressjs/express/raw/master/logo.png',
  'https://raw.githubusercontent.com/vuejs/art/master/logo.png',
  'https://user-images.githubusercontent.com/1/2.png',
  'https://codecov.io/gh/prettier/prettier',
  'https://img.shields.io',
  'data:image/png;base64,iVBORw0KGgo=',
  'not a url at all',
];

describe('badges', () => {
  for (const [url, alt] of BADGES)
    it(`${url} is "${alt}"`, () => {
      assert.equal(badgeOf(url)?.alt, alt);
    });

  it('names no other image a badge', () => {
    for (const src of NOT_BADGES) assert.equal(badgeOf(src), undefined, src);
  });

  it('names the service the badge comes from', () => {
    assert.equal(badgeOf('https://img.shields.io/npm/v/x')?.service, 'shields.io');
    assert.equal(badgeOf('https://badgen.net/npm/v/x')?.service, 'badgen.net');
    assert.equal(badgeOf('https://github.com/o/r/actions/workflows/ci.yml/badge.svg')?.service, 'GitHub Actions');
    assert.equal(badgeOf('https://codecov.io/gh/o/r/graph/badge.svg')?.service, 'Codecov');
  });
});
