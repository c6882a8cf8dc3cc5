import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import images from './images.json';

export const EXTENSION_ID = 'local-alt-text.local-alt-text';

/**
 * The repository, for the committed fixtures: the extension under test is installed from its VSIX,
 * which holds no tests. Each test file is bundled into test/host/out/.
 */
export const REPOSITORY = path.resolve(__dirname, '../../..');

export function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded`);
  return ext;
}

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return folder.uri.fsPath;
}

export function uriOf(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), relative));
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uriOf(relative));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** The text of a workspace file as VS Code holds it (unsaved edits included). */
export async function textOf(relative: string): Promise<string> {
  return (await vscode.workspace.openTextDocument(uriOf(relative))).getText();
}

/** The fixture file as committed, before any test touched the copy. */
export function pristine(relative: string): string {
  return fs.readFileSync(path.join(REPOSITORY, 'test/host/workspace', relative), 'utf8');
}

/**
 * Hang guards, not expectations: far above what each wait takes normally (well under a second for
 * diagnostics, a few seconds for a first caption), so that only a broken behaviour fails a test,
 * never a busy machine. The tests assert what happened, not how fast.
 */
export const WAIT_GUARD_MS = 60_000;
export const CAPTION_GUARD_MS = 180_000;

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = WAIT_GUARD_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Local Alt Text');
}

/** Waits until the diagnostics of a document match `count` and stay so for a moment (debounced updates). */
export async function settledDiagnostics(uri: vscode.Uri, count: number, timeoutMs = WAIT_GUARD_MS): Promise<vscode.Diagnostic[]> {
  await waitFor(
    `${count} diagnostics on ${path.basename(uri.fsPath)} (have ${ourDiagnostics(uri).length})`,
    () => ourDiagnostics(uri).length === count,
    timeoutMs,
  );
  await sleep(400);
  const diagnostics = ourDiagnostics(uri);
  assert.equal(diagnostics.length, count, `diagnostics on ${path.basename(uri.fsPath)} changed again`);
  return diagnostics;
}

/** The code actions this extension offers at `range`: other extensions (VS Code's Markdown support) may offer some too. */
export async function ourCodeActions(uri: vscode.Uri, range: vscode.Range, kind?: vscode.CodeActionKind): Promise<vscode.CodeAction[]> {
  const all =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind?.value)) ?? [];
  return all.filter((a) => a.command?.command.startsWith('localAltText.'));
}

/** Runs a code action's command as picking it from the light bulb does, and gives what the command returns. */
export async function runCodeAction(action: vscode.CodeAction): Promise<unknown> {
  assert.ok(action.command, `${action.title} has no command`);
  return vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

/** The text of every hover shown at `position`, joined. */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

/** Range as [startLine, startCharacter, endLine, endCharacter], for readable assertions. */
export function span(range: vscode.Range): [number, number, number, number] {
  return [range.start.line, range.start.character, range.end.line, range.end.character];
}

/** Where `needle` (the n-th occurrence) is in `text`, as a span. */
export function spanOf(text: string, needle: string, occurrence = 0): [number, number, number, number] {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" not found`);
  }
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return [before.length - 1, before[before.length - 1].length] as const;
  };
  return [...position(at), ...position(at + needle.length)] as [number, number, number, number];
}

interface Golden {
  images: Record<string, { greedy: { ids: number[]; text: string } }>;
}

/** The raw greedy caption text the reference implementation gave the tiny model for a workspace image. */
export function goldenText(workspaceImage: string): string {
  const entry = (images as Record<string, { golden: string }>)[workspaceImage];
  assert.ok(entry, `no reference image for ${workspaceImage}`);
  const golden = JSON.parse(fs.readFileSync(path.join(REPOSITORY, 'test/fixtures/blip-reference/golden.json'), 'utf8')) as Golden;
  return golden.images[entry.golden].greedy.text;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('localAltText').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/**
 * Sets a setting the extension reads but does not contribute (the test-only review bypass): VS Code
 * refuses to write those through the API, so the workspace settings file is edited as a person would.
 */
export async function setUncontributedSetting(key: string, value: unknown): Promise<void> {
  const file = path.join(workspaceRoot(), '.vscode', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (value === undefined) delete settings[`localAltText.${key}`];
  else settings[`localAltText.${key}`] = value;
  fs.writeFileSync(file, JSON.stringify(settings, null, 2));
  await waitFor(
    `the setting ${key} to take effect`,
    () => JSON.stringify(vscode.workspace.getConfiguration('localAltText').get(key)) === JSON.stringify(value),
  );
}

/** Undoes in the given editor until its text equals `expected` (or gives up). */
export async function undoUntil(editor: vscode.TextEditor, expected: string, maxSteps = 10): Promise<void> {
  for (let i = 0; i < maxSteps && editor.document.getText() !== expected; i++) {
    await vscode.window.showTextDocument(editor.document, { preview: false });
    await vscode.commands.executeCommand('undo');
    await sleep(50);
  }
  assert.equal(editor.document.getText(), expected, 'undo did not restore the text');
}

export function log(line: string): void {
  console.log(`      [measure] ${line}`);
}
