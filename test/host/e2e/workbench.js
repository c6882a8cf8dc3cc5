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

/** Waits until a file on disk satisfies `test` (VS Code saves files a multi-file edit opened). */
async function waitForFile(page, file, test, timeoutMs = WAIT_GUARD_MS) {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline && !test((text = fs.readFileSync(file, 'utf8')))) await page.waitForTimeout(200);
  return text;
}

module.exports = {
  check,
  openWorkbench,
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
