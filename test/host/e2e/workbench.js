// What a person does in the workbench, as Playwright steps shared by the person-like tests.
const fs = require('fs');
const path = require('path');
const { launchBrowser } = require('./browser');

const modifier = process.platform === 'darwin' ? 'Meta' : 'Control';

// Hang guards, not expectations: every wait for the workbench gets WAIT_GUARD_MS (Playwright's
// default timeout for the page), a caption or a workspace fix CAPTION_GUARD_MS. Both are far above
// the normal times, so that a busy machine slows the tests down but never fails them.
const WAIT_GUARD_MS = 120_000;
const CAPTION_GUARD_MS = 300_000;

/** Repeats `step` until `done()` holds, a hang guard's time at most; true if it came to hold. */
async function retryUntil(page, done, step, guardMs = WAIT_GUARD_MS, pauseMs = 1000) {
  const deadline = Date.now() + guardMs;
  while (!(await done())) {
    if (Date.now() > deadline) return false;
    await page.waitForTimeout(pauseMs);
    await step();
  }
  return true;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Opens the workbench on a folder; the extension is installed from its VSIX (see with-code-server.sh INSTALL_VSIX, AS_PERSON). */
async function openWorkbench(folder, shotsDir) {
  fs.mkdirSync(shotsDir, { recursive: true });
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  page.setDefaultTimeout(WAIT_GUARD_MS);
  await page.goto(`${process.env.CODE_SERVER_URL}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench .part.editor');
  await page.waitForSelector('.part.statusbar');
  await page.waitForTimeout(2000);
  const shot = async (name, settleMs = 400) => {
    await page.waitForTimeout(settleMs); // let animations settle
    const file = path.join(shotsDir, name);
    await page.screenshot({ path: file });
    console.log(`screenshot ${name}`);
    return file;
  };
  return { browser, page, shot };
}

/** Quick Open (Ctrl+P), type a file name, Enter; waits for a line of its text. */
async function openFile(page, name, someText) {
  await page.keyboard.press(`${modifier}+P`);
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(name);
  await page.waitForSelector('.quick-input-list .monaco-list-row');
  await page.keyboard.press('Enter');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-lines').getByText(someText).first().waitFor();
  return editor;
}

/** Go to Line (Ctrl+G): `where` is "line" or "line:column". */
async function goTo(page, where) {
  await page.keyboard.press(`${modifier}+G`);
  await page.keyboard.type(where);
  await page.keyboard.press('Enter');
}

/** Clicks the light bulb at the cursor and returns the code action menu. */
async function openLightBulb(page) {
  const bulb = page.locator('.lightBulbWidget');
  await bulb.waitFor({ state: 'visible' });
  await bulb.click();
  const menu = page.locator('.action-widget');
  await menu.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
  return menu;
}

/** Runs a command from the Command Palette (F1) by its title. */
async function runCommand(page, title, beforeEnter) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(title);
  await page.locator('.quick-input-list').getByText(title.replace(/^.*: /, '')).first().waitFor();
  if (beforeEnter) await beforeEnter();
  await page.keyboard.press('Enter');
}

/** The folders every scenario is started with: `node SCENARIO.js WORKSPACE_DIR SHOTS_DIR`. */
function scenarioFolders() {
  const [workspace, shotsDir] = process.argv.slice(2).map((p) => path.resolve(p));
  return { workspace, shotsDir };
}

/**
 * Runs one person-like scenario: opens the workbench on the workspace, runs `steps({ page, shot })`,
 * and closes the browser. On a failure it saves the page as `failureShot`, lets `onFailure(page)`
 * add what it knows, and exits 1 naming the scenario.
 */
function runScenario(name, { failureShot, onFailure }, steps) {
  const { workspace, shotsDir } = scenarioFolders();
  const main = async () => {
    const { browser, page, shot } = await openWorkbench(workspace, shotsDir);
    try {
      await steps({ page, shot });
    } catch (err) {
      await page.screenshot({ path: path.join(shotsDir, failureShot) }).catch(() => undefined);
      if (onFailure) await onFailure(page);
      throw err;
    } finally {
      await browser.close();
    }
  };
  main().catch((err) => {
    console.error(`${name} FAILED:`, err.message);
    process.exit(1);
  });
}

/** Opens the workspace's guide.md, the document the scenarios start from, once its findings show. */
async function openGuide(page) {
  const editor = await openFile(page, 'guide.md', 'Getting started');
  await page.waitForSelector('.monaco-editor .squiggly-warning');
  return editor;
}

/** Waits until a file on disk satisfies `test` (VS Code saves files a multi-file edit opened). */
async function waitForFile(page, file, test, timeoutMs = WAIT_GUARD_MS) {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline && !test((text = fs.readFileSync(file, 'utf8')))) await page.waitForTimeout(200);
  return text;
}

module.exports = {
  check,
  scenarioFolders,
  runScenario,
  openGuide,
  openFile,
  goTo,
  openLightBulb,
  runCommand,
  waitForFile,
  retryUntil,
  modifier,
  WAIT_GUARD_MS,
  CAPTION_GUARD_MS,
};
