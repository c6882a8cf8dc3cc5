// Shared by the suite driver and the person-like tests: how to start Chromium here, and the
// workbench URL whose payload loads the extension under development.
const { chromium } = require('playwright-core');

function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The payload paths are `vscode-remote://` URIs: the extension host runs on the server side. */
function workbenchUrl(base, { folder, developmentPath, testsPath, env }) {
  const authority = new URL(base).host;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [['extensionDevelopmentPath', remote(developmentPath)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  if (env) payload.push(['extensionEnvironment', env]);
  const where = folder ? `folder=${encodeURIComponent(folder)}` : 'ew=true';
  return `${base}/?${where}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

module.exports = { launchBrowser, workbenchUrl };
