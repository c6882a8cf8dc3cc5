// usage: HF_ENDPOINT=<local hub> INSTALL_VSIX=FILE AS_PERSON=1 with-code-server.sh node consent.js WORKSPACE_DIR SHOTS_DIR
// The first caption on a machine without the model, as a writer meets it: "Generate alt text"
// asks first (download, with size and host shown / choose a local folder / cancel); the writer
// agrees, watches the download's progress notification, and gets the caption. The model comes
// from a local server in the hub's URL layout. Then the model commands: Show Model Info, Clear
// Model Cache (asks first), and Use Local Model Folder... through the folder picker.
const path = require('path');
const { check, runScenario, openGuide, goTo, openLightBulb, runCommand, retryUntil, modifier, CAPTION_GUARD_MS } = require('./workbench');

/** What the extension said meanwhile: notifications hide after a while, the center keeps them. */
async function showNotifications(page) {
  await page.keyboard.press('Escape').catch(() => undefined);
  await runCommand(page, 'Notifications: Show Notifications').catch(() => undefined);
  const said = await page
    .locator('.notifications-center .notification-list-item-message')
    .allInnerTexts()
    .catch(() => []);
  console.error(`notifications:\n  ${said.join('\n  ')}`);
}

runScenario('CONSENT TEST', { failureShot: 'consent-failure.png', onFailure: showNotifications }, async ({ page, shot }) => {
  const editor = await openGuide(page);
  await page.locator('.statusbar-item').filter({ hasText: 'Alt text: no model' }).first().waitFor();

  await goTo(page, '3');
  await (await openLightBulb(page)).getByText('Generate alt text', { exact: true }).click();

  // The consent dialog says what is downloaded, how much, and from where.
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  const host = new URL(process.env.HF_ENDPOINT).host;
  const message = await dialog.innerText();
  console.log(`consent dialog: ${message.replace(/\s+/g, ' ').slice(0, 300)}`);
  check(message.includes(`from ${host}`) && /\d+(\.\d+)? KB/.test(message), 'the consent dialog does not show the size and the host');
  check(/Choose Local Folder/.test(message), 'the consent dialog does not offer a local folder');
  await shot('consent.png');
  await dialog.getByRole('button', { name: 'Download' }).click();

  const progress = page.locator('.notification-toast').filter({ hasText: /Downloading .* of .*/ });
  await progress.first().waitFor();
  await page.waitForTimeout(800);
  const status = await progress.first().innerText();
  console.log(`download progress: ${status.replace(/\s+/g, ' ')}`);
  await shot('download-progress.png');

  const inserted = editor.locator('.view-line').filter({ hasText: /!\[[^\]]+\]\(\.\.\/images\/chelsea\.png\)/ });
  await inserted.first().waitFor({ timeout: CAPTION_GUARD_MS });
  console.log(`alt text in the editor: ${(await inserted.first().innerText()).replace(/\u00a0/g, ' ')}`);
  await page.locator('.statusbar-item').filter({ hasText: 'Alt text: ready' }).first().waitFor();

  const toast = (text) => page.locator('.notification-toast').filter({ hasText: text }).first();
  await runCommand(page, 'Local Alt Text: Show Model Info');
  await toast('Model: Salesforce/blip-image-captioning-base at main').waitFor();

  await runCommand(page, 'Local Alt Text: Clear Model Cache');
  const confirm = page.locator('.monaco-dialog-box');
  await confirm.getByText('Delete the downloaded and converted captioning models?').waitFor();
  await confirm.getByRole('button', { name: 'Clear' }).click();
  await toast('The model cache is empty.').waitFor();

  // The folder picker of a remote window is VS Code's own: type the folder's path, Enter, accept.
  const folder = path.resolve(__dirname, '../../fixtures/blip-reference/tiny-blip');
  await runCommand(page, 'Local Alt Text: Use Local Model Folder...');
  const picker = page.locator('.quick-input-widget');
  await picker.getByText('Use This Model Folder').first().waitFor();
  // The picker fills in its starting folder asynchronously and may overwrite keystrokes typed
  // before that: wait for its listing, then type the path until the input holds exactly it.
  await picker.locator('.monaco-list-row').first().waitFor();
  const input = picker.locator('input').first();
  const typed = await retryUntil(
    page,
    async () => (await input.inputValue()) === `${folder}/`,
    async () => {
      await page.keyboard.press(`${modifier}+A`);
      await page.keyboard.type(`${folder}/`);
    },
  );
  check(typed, `the folder picker does not hold ${folder}/`);
  // Typing a path makes the picker list that folder; accepting then picks the folder being listed.
  // An accept that comes while the picker is still listing is taken as "go into", so try again.
  await picker.locator('.monaco-list-row').first().waitFor();
  // Watched from before the accept: the toast hides again after a while, possibly before the loop
  // below has noticed that the picker closed.
  const told = toast(`Captions will be made with the model in ${folder}`).waitFor();
  told.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  let attempt = 0;
  await retryUntil(
    page,
    async () => !(await picker.isVisible()),
    async () => {
      if (attempt++ % 2 === 0) await page.keyboard.press('Enter');
      // A short timeout: the button is gone once an Enter was taken, and the loop tries again anyway.
      else
        await picker
          .getByText('Use This Model Folder')
          .first()
          .click({ timeout: 2000 })
          .catch(() => undefined);
    },
  );
  await told;
  console.log('consent test passed');
});
