// usage: node run-suite.js DEVELOPMENT_DIR TESTS_INDEX_JS WORKSPACE_DIR [ENV_JSON]
// Run through with-code-server.sh (CODE_SERVER_URL). Opens the workbench in headless Chromium with a
// payload that makes the remote (Node) extension host load DEVELOPMENT_DIR as a development extension
// and run the mocha suite TESTS_INDEX_JS exports as run(); exits with the suite's exit code.
// VS Code runs a suite only for a development extension, so npm run test:host passes test/host/runner
// (a manifest without code) and tests the extension that with-code-server.sh installed from its VSIX.
// SHOT=file.png keeps a screenshot of the final state; VERBOSE=1 shows the page console too.
const path = require('path');
const util = require('util');
const { launchBrowser, workbenchUrl } = require('./e2e/browser');

(async () => {
  const [devPath, testsPath, ws, envJson] = process.argv.slice(2).map((a, i) => (i < 3 && a ? path.resolve(a) : a));
  const base = process.env.CODE_SERVER_URL;
  if (!base) throw new Error('CODE_SERVER_URL is not set: run this through with-code-server.sh');
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  if (process.env.VERBOSE) page.on('console', (m) => console.log(`[page ${m.type()}]`, m.text().slice(0, 500)));
  let done;
  const exited = new Promise((resolve) => (done = resolve));
  // The extension host's console arrives here; the workbench's own log lines are styled with %c.
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const line = util.format(...(args || []));
    if (process.env.VERBOSE || !/color: #/.test(line)) console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', async (code) => done(code));
  // A hang guard for the whole suite (each test has its own, in suite/index.ts): far above its normal run.
  const timeout = +(process.env.TEST_TIMEOUT_MS || 1_800_000);
  await page.goto(workbenchUrl(base, { folder: ws, developmentPath: devPath, testsPath, env: envJson }));
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeout))]);
  if (process.env.SHOT) await page.screenshot({ path: process.env.SHOT }).catch((e) => console.log('screenshot failed', e.message));
  await browser.close();
  console.log('extension tests exit code =', code);
  process.exit(code === 'timeout' ? 124 : code);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
