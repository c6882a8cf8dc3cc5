import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { expectedAlt } from './captions';
import {
  CAPTION_GUARD_MS,
  extension,
  hoverText,
  open,
  ourCodeActions,
  runCodeAction,
  setSetting,
  settledDiagnostics,
  textOf,
  undoUntil,
  waitFor,
  workspaceRoot,
} from './helpers';

// A page of its own, written by the tests (so the workspace fix's counts in 05 stay as they are):
// a badge, an image that is a link's whole content, a 16 px icon beside words, and two pictures.
const PAGE = 'purpose/readme.md';
const BADGE = 'https://img.shields.io/npm/v/local-alt-text';
const TEXT = `# Purpose

![](${BADGE})

[![](../images/camera.png)](../docs/guide.md)

Open the settings <img src="../images/coffee.jpg" width="16" height="16"> and pick a model.

![](../images/chelsea.png)

![](../images/rocket.png)
`;

/** The review as its page sees it, from the extension's API (test/host/suite reads it as installed). */
interface ShownReview {
  rows: {
    id: number;
    src: string;
    purpose: string;
    caption: string;
    error?: string;
    suggestions: Record<string, { alt: string; decorative: boolean; hint?: string }>;
  }[];
  decisions: { occurrenceId: number; accept: boolean; caption: string; purpose: string }[];
  fromPage(message: unknown): void;
}

function activeReview(): ShownReview | undefined {
  return (extension().exports as { review: { active(): ShownReview | undefined } }).review.active();
}

describe('purpose before caption', () => {
  before(async () => {
    fs.mkdirSync(path.join(workspaceRoot(), 'purpose'), { recursive: true });
    fs.writeFileSync(path.join(workspaceRoot(), PAGE), TEXT);
    // The workspace fix looks at this page only.
    await setSetting('files.include', [`${PAGE}`]);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting('files.include', undefined);
    fs.rmSync(path.join(workspaceRoot(), 'purpose'), { recursive: true, force: true });
  });

  it('offers a badge its label first, never a caption, and a spacer-like icon "Mark as decorative" first', async () => {
    const editor = await open(PAGE);
    const uri = editor.document.uri;
    const diagnostics = await settledDiagnostics(uri, 5);
    const at = (needle: string) => diagnostics.find((d) => editor.document.getText(d.range).includes(needle))!;

    const badge = await ourCodeActions(uri, at(BADGE).range);
    assert.deepEqual(
      badge.map((a) => a.title),
      [
        'Use the badge’s label: “npm version”',
        'Mark as decorative',
        'Choose the image’s purpose…',
        'Generate alt text for all images in this file (5)',
      ],
    );
    assert.equal(badge[0].isPreferred, true);

    const linked = await ourCodeActions(uri, at('camera.png').range);
    assert.equal(linked[0].title, 'Use the link’s purpose: “Go to the guide page”');
    assert.equal(linked[0].isPreferred, true);

    const icon = await ourCodeActions(uri, at('coffee.jpg').range);
    assert.deepEqual(
      icon.slice(0, 3).map((a) => a.title),
      ['Mark as decorative', 'Generate alt text', 'Choose the image’s purpose…'],
    );
    assert.equal(icon[0].isPreferred, true);

    const picture = await ourCodeActions(uri, at('chelsea.png').range);
    assert.equal(picture[0].title, 'Generate alt text');

    // The hover suggests the label too, without reading or captioning the badge.
    const hover = await hoverText(uri, at(BADGE).range.start.translate(0, 4));
    assert.match(hover, /\*\*Suggested alt text\*\* \(the badge's label\): npm version/);
    assert.ok(!hover.includes('Captioning'), hover);

    // The badge's label goes in as its alt text.
    assert.equal(await runCodeAction(badge[0]), true);
    assert.equal(editor.document.getText(), TEXT.replace(`![](${BADGE})`, `![npm version](${BADGE})`));
    // A purpose picked for an image: complex gets the caption (and a hint to describe it in the text).
    const rocket = (await settledDiagnostics(uri, 4)).find((d) => editor.document.getText(d.range).includes('rocket.png'))!;
    const target = { uri: uri.toString(), version: editor.document.version, offset: editor.document.offsetAt(rocket.range.start) };
    assert.equal(await vscode.commands.executeCommand('localAltText.applyPurpose', target, 'complex'), true);
    assert.ok(editor.document.getText().includes(`![${expectedAlt('images/rocket.png')}](../images/rocket.png)`));
    await undoUntil(editor, TEXT);
    await editor.document.save();
  });

  it('lets the writer pick each image’s purpose in the review, and applies what the purpose gives', async () => {
    const running = vscode.commands.executeCommand<{ applied: number; skipped: number; cancelled: boolean }>('localAltText.fixWorkspace');
    const review = await waitFor('the review panel', () => activeReview(), CAPTION_GUARD_MS);
    const row = (name: string) => review.rows.find((r) => r.src.includes(name))!;
    const decision = (name: string) => review.decisions.find((d) => d.occurrenceId === row(name).id)!;

    // The likely purposes and what they give.
    assert.deepEqual(
      review.rows.map((r) => [r.src, r.purpose]),
      [
        [BADGE, 'text'],
        ['../images/camera.png', 'functional'],
        ['../images/coffee.jpg', 'decorative'],
        ['../images/chelsea.png', 'informative'],
        ['../images/rocket.png', 'informative'],
      ],
    );
    assert.equal(row(BADGE).caption, '', 'the badge is not captioned');
    assert.equal(row(BADGE).error, undefined, 'nor read');
    assert.deepEqual(decision(BADGE), { occurrenceId: row(BADGE).id, accept: true, caption: 'npm version', purpose: 'text' });
    assert.equal(decision('camera.png').caption, 'Go to the guide page');
    assert.equal(decision('coffee.jpg').purpose, 'decorative');
    assert.equal(decision('chelsea.png').caption, expectedAlt('images/chelsea.png'));
    assert.equal(row('rocket.png').suggestions.complex.hint !== undefined, true);

    // The writer changes two purposes, as the page's select sends it: the cat is decoration here,
    // and the linked camera is described rather than named by its link.
    const camera = row('camera.png');
    const decisions = review.decisions.map((d) =>
      d.occurrenceId === row('chelsea.png').id
        ? { ...d, purpose: 'decorative', caption: '' }
        : d.occurrenceId === camera.id
          ? { ...d, purpose: 'informative', caption: camera.suggestions.informative.alt }
          : d,
    );
    review.fromPage({ type: 'apply', decisions });
    const result = await running;
    assert.deepEqual([result.applied, result.skipped, result.cancelled], [5, 0, false]);
    assert.equal(
      await textOf(PAGE),
      TEXT.replace(`![](${BADGE})`, `![npm version](${BADGE})`)
        .replace('[![](../images/camera.png)]', `[![${expectedAlt('images/camera.png')}](../images/camera.png)]`)
        .replace(
          '<img src="../images/coffee.jpg" width="16" height="16">',
          '<img src="../images/coffee.jpg" alt="" width="16" height="16">',
        )
        .replace('![](../images/chelsea.png)', '![](../images/chelsea.png)<!-- alt-text: decorative -->')
        .replace('![](../images/rocket.png)', `![${expectedAlt('images/rocket.png')}](../images/rocket.png)`),
    );
  });
});
