// usage: INSTALL_VSIX=FILE AS_PERSON=1 with-code-server.sh node person.js WORKSPACE_DIR SHOTS_DIR
// Uses the extension the way a writer does, in the real workbench in headless Chromium: opens a
// Markdown file, clicks the light bulb on an image, picks "Generate alt text" and checks the alt
// text in the editor; hovers an image; runs the workspace fix from the Command Palette, reviews
// the proposals (editing one, skipping one) and applies them. Screenshots of each step go to
// SHOTS_DIR, and the workspace fix also as an animated GIF. The extension is installed as for a
// writer (the test driver that loads development extensions hides notification toasts).
const path = require('path');
const {
  check,
  scenarioFolders,
  runScenario,
  openGuide,
  goTo,
  openLightBulb,
  runCommand,
  waitForFile,
  retryUntil,
  modifier,
  CAPTION_GUARD_MS,
} = require('./workbench');

const { workspace, shotsDir } = scenarioFolders();

runScenario('PERSON-LIKE TEST', { failureShot: 'failure.png' }, async ({ page, shot }) => {
  // The diagnostics appear as squiggles.
  const editor = await openGuide(page);

  // The first image (line 3): light bulb, "Generate alt text".
  await goTo(page, '3');
  const menu = await openLightBulb(page);
  const generate = menu.getByText('Generate alt text', { exact: true });
  await generate.waitFor();
  check(await menu.getByText('Mark as decorative', { exact: true }).isVisible(), 'the code action menu lacks "Mark as decorative"');
  await shot('code-action.png');
  await generate.click();

  // The caption lands in the editor, selected so it can be refined at once.
  const inserted = editor.locator('.view-line').filter({ hasText: /!\[[^\]]+\]\(\.\.\/images\/chelsea\.png\)/ });
  await inserted.first().waitFor({ timeout: CAPTION_GUARD_MS });
  const line = (await inserted.first().innerText()).replace(/\u00a0/g, ' ');
  console.log(`alt text in the editor: ${line}`);
  check(!line.startsWith('![]('), 'no alt text was inserted');
  await page.waitForSelector('.monaco-editor .selected-text');
  await shot('alt-inserted.png');

  // Hover the placeholder image on line 9 (Ctrl+K Ctrl+I shows the hover at the cursor).
  await goTo(page, '9:35');
  const hover = page.locator('.monaco-hover');
  // The caption is made on demand: show the hover again until it has one.
  const showHover = async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press(`${modifier}+K`);
    await page.keyboard.press(`${modifier}+I`);
    await hover
      .getByText(/Suggested alt text|Captioning/)
      .first()
      .waitFor();
  };
  await showHover();
  await retryUntil(page, async () => (await hover.getByText('Suggested alt text').count()) > 0, showHover, CAPTION_GUARD_MS, 500);
  await hover.getByText('Insert as alt text').waitFor();
  const thumbnail = hover.locator('img').first();
  await thumbnail.waitFor({ state: 'visible' });
  check(await thumbnail.evaluate((img) => img.complete && img.naturalWidth > 0), 'the hover thumbnail did not load');
  await shot('hover.png');
  await page.keyboard.press('Escape');

  // The workspace fix, from the Command Palette.
  const frames = [];
  await runCommand(page, 'Local Alt Text: Fix Missing Alt Text in Workspace', async () => frames.push(await shot('fix-1-command.png')));
  const progress = page.locator('.notification-toast').filter({ hasText: /captioning \d+\/\d+ images/ });
  await progress.first().waitFor();
  frames.push(await shot('fix-2-progress.png', 0));

  // The review: a webview with a table of proposals.
  const review = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  await review.locator('#rows tr').first().waitFor({ timeout: CAPTION_GUARD_MS });
  const rows = await review.locator('#rows tr').count();
  console.log(`review rows: ${rows}`);
  check(rows === 11, `the review shows ${rows} rows, expected 11`);
  // The first row is the rocket in blog/edited-during-fix.md: edit it; skip the second (its camera).
  await review.locator('#rows tr input[type=text]').first().fill('A rocket ready for launch');
  await review.locator('#rows tr input[type=checkbox]').nth(1).uncheck();
  check((await review.locator('#apply').innerText()) === 'Apply 10', 'the Apply button does not count the accepted rows');
  frames.push(await shot('fix-3-review.png'));
  await review.locator('#apply').click();
  const done = page.locator('.notification-toast').filter({ hasText: /Added alt text to 10 images in 4 files/ });
  await done.first().waitFor();
  frames.push(await shot('fix-4-applied.png'));

  const blog = path.join(workspace, 'blog/edited-during-fix.md');
  const text = await waitForFile(page, blog, (t) => t.includes('![A rocket ready for launch](../images/rocket.png)'));
  check(text.includes('![A rocket ready for launch](../images/rocket.png)'), `the edited alt text is not in ${blog}:\n${text}`);
  check(text.includes('![](../images/camera.png)'), 'the skipped image was changed');
  await writeGif(frames, path.join(shotsDir, 'fix-workspace.gif'));
  console.log('person-like test passed');
});

/** The workspace fix as one animated GIF, for the README. */
async function writeGif(frames, file) {
  const sharp = require(path.resolve(__dirname, '../../../node_modules/sharp'));
  const width = 960;
  const scaled = await Promise.all(frames.map((f) => sharp(f).resize({ width }).png().toBuffer()));
  await sharp(scaled, { join: { animated: true } })
    .gif({ delay: frames.map(() => 2200), loop: 0, effort: 7 })
    .toFile(file);
  console.log(`animation ${path.basename(file)}`);
}
