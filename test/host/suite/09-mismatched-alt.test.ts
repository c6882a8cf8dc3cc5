import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { expectedAlt } from './captions';
import {
  CAPTION_GUARD_MS,
  REPOSITORY,
  hoverText,
  open,
  ourCodeActions,
  runCodeAction,
  undoUntil,
  uriOf,
  waitFor,
  workspaceRoot,
} from './helpers';
import images from './images.json';

/** The image-text matching reference: the tiny ITM checkpoint and what transformers scores with it. */
const ITM_FIXTURE = path.join(REPOSITORY, 'test/fixtures/blip-itm-reference');
const DOCUMENT = 'docs/verify-alt.md';

interface ItmGolden {
  texts: { text: string }[];
  images: Record<string, { file: string; scores: { text: number; itm_match_prob: number }[] }>;
}

interface Pair {
  /** The workspace image, relative to the workspace root. */
  image: string;
  text: string;
  itm: number;
}

/**
 * The least and the best matching (image, caption) pairs among the workspace's images and the
 * kit's descriptive captions, on different pictures; the threshold goes halfway between them.
 */
function pickPairs(): { low: Pair; high: Pair } {
  const golden = JSON.parse(fs.readFileSync(path.join(ITM_FIXTURE, 'golden.json'), 'utf8')) as ItmGolden;
  const pairs: Pair[] = [];
  for (const [target, source] of Object.entries(images as Record<string, { file: string }>)) {
    const reference = Object.values(golden.images).find((image) => path.basename(image.file) === source.file);
    if (!reference || target.includes('copy') || !target.startsWith('images/')) continue;
    for (const score of reference.scores.filter((s) => s.text <= 5))
      pairs.push({ image: target, text: golden.texts[score.text].text, itm: score.itm_match_prob });
  }
  pairs.sort((a, b) => a.itm - b.itm);
  const low = pairs[0];
  const high = [...pairs].reverse().find((p) => p.image !== low.image)!;
  assert.ok(high.itm - low.itm > 0.1, 'the reference has pairs far enough apart to put a threshold between');
  return { low, high };
}

function mismatched(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'Local Alt Text' && typeof d.code === 'object' && d.code.value === 'mismatched-alt');
}

describe('mismatched-alt', () => {
  const { low, high } = pickPairs();
  const threshold = (low.itm + high.itm) / 2;
  const configuration = () => vscode.workspace.getConfiguration('localAltText');
  const text = `# Checked alt text\n\n![${low.text}](../${low.image})\n\n![${high.text}](../${high.image})\n`;

  before(async () => {
    fs.writeFileSync(path.join(workspaceRoot(), DOCUMENT), text);
    // A machine setting, as "Use Local Model Folder..." would write it for the matching model.
    await configuration().update('verifyAlt.model.localFolder', path.join(ITM_FIXTURE, 'tiny-blip-itm'), vscode.ConfigurationTarget.Global);
    await configuration().update('verifyAlt.threshold', threshold, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const key of ['verifyAlt.enabled', 'verifyAlt.threshold', 'verifyAlt.model.localFolder', 'rules.mismatched-alt'])
      await configuration().update(key, undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(path.join(workspaceRoot(), DOCUMENT), { force: true });
  });

  it('is off until enabled: no score, no diagnostic', async () => {
    const editor = await open(DOCUMENT);
    const uri = editor.document.uri;
    const markdown = await hoverText(uri, editor.document.positionAt(text.indexOf(low.text) + 2));
    assert.match(markdown, /\*\*Alt text:\*\*/);
    assert.doesNotMatch(markdown, /Match score/);
    assert.deepEqual(mismatched(uri), []);
  });

  it('flags the alt text below the threshold only, shows the score in the hover, and the quick fix replaces the alt', async () => {
    await configuration().update('verifyAlt.enabled', true, vscode.ConfigurationTarget.Global);
    const editor = await open(DOCUMENT);
    const document = editor.document;
    const uri = uriOf(DOCUMENT);
    const [diagnostic] = await waitFor(
      'a mismatched-alt diagnostic',
      () => mismatched(uri).length > 0 && mismatched(uri),
      CAPTION_GUARD_MS,
    );
    assert.equal(mismatched(uri).length, 1, 'only the pair below the threshold');
    const lowStart = text.indexOf(`![${low.text}]`);
    assert.equal(document.offsetAt(diagnostic.range.start), lowStart);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning, 'a warning by default, as the rules have it');
    assert.match(diagnostic.message, /may not describe the image: image-text matching gives it 0\.\d+, below the threshold/);
    // The same code as the other rules' diagnostics: the rule id, linking to its help.
    const target = (diagnostic.code as { target: vscode.Uri }).target;
    assert.match(target.toString(true), /docs\/rules\.md#mismatched-alt$/);

    // The hover shows the score, as the reference computes it (to the two decimals it prints).
    for (const [pair, verdict] of [
      [low, /below the threshold/],
      [high, /\(threshold /],
    ] as const) {
      const markdown = await hoverText(uri, document.positionAt(text.indexOf(`![${pair.text}]`) + 2));
      const score = /\*\*Match score:\*\* (0\.\d+)/.exec(markdown);
      assert.ok(score, `no score in: ${markdown}`);
      assert.ok(Math.abs(Number(score[1]) - pair.itm) <= 0.0051, `${pair.image}: hover ${score[1]}, reference ${pair.itm}`);
      assert.match(markdown, verdict);
    }

    const actions = (await ourCodeActions(uri, diagnostic.range)).filter((a) => a.command?.command === 'localAltText.replaceAltText');
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Replace with generated alt text'],
    );
    assert.equal(await runCodeAction(actions[0]), true);
    assert.equal(document.getText(), text.replace(`![${low.text}](`, `![${expectedAlt(low.image)}](`));
    await undoUntil(editor, text);

    // The rule's setting gives its severity, and "off" takes its diagnostics away.
    await configuration().update('rules.mismatched-alt', 'error', vscode.ConfigurationTarget.Global);
    await waitFor(
      'mismatched-alt as an error',
      () => mismatched(uri).length === 1 && mismatched(uri)[0].severity === vscode.DiagnosticSeverity.Error,
      CAPTION_GUARD_MS,
    );
    await configuration().update('rules.mismatched-alt', 'off', vscode.ConfigurationTarget.Global);
    await waitFor('mismatched-alt turned off', () => mismatched(uri).length === 0, CAPTION_GUARD_MS);
    await configuration().update('rules.mismatched-alt', undefined, vscode.ConfigurationTarget.Global);
    await waitFor('mismatched-alt back at its default', () => mismatched(uri).length === 1, CAPTION_GUARD_MS);

    // Turned off again: the diagnostics go.
    await configuration().update('verifyAlt.enabled', false, vscode.ConfigurationTarget.Global);
    await waitFor('the mismatched-alt diagnostics to go', () => mismatched(uri).length === 0);
  });
});
