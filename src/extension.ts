import * as vscode from 'vscode';
import { registerFileFixSupport } from './commands/fixFile';
import { registerWorkspaceFixSupport } from './commands/fixWorkspace';
import { registerModelSupport } from './commands/modelCommands';
import { ReviewPanel } from './commands/review/reviewPanel';
import { createServices, type Services } from './extension/services';
import { registerCodeActionSupport } from './providers/codeActions';
import { registerDiagnosticsSupport } from './providers/diagnostics';
import { registerHoverSupport } from './providers/hover';
import { registerPasteDropSupport, type ImagePasteDrop } from './providers/imagePasteDrop';
import { registerMismatchedAltSupport } from './providers/mismatchedAlt';

const SELECTOR: vscode.DocumentSelector = [
  { language: 'markdown' },
  { language: 'mdx' },
  { language: 'html' },
  { language: 'quarto' },
  { language: 'asciidoc' },
  // MDX files often have no language of their own.
  { pattern: '**/*.mdx' },
];

let services: Services | undefined;

const ACTIVATE_MARK = 'local-alt-text:activate-start';
const ACTIVATE_MEASURE = 'local-alt-text:activate';

/**
 * Each feature registers its providers and commands, nothing more: the scanner, the model store
 * and the captioner load on first use (src/extension/lazy.ts), so activation stays fast.
 */
export function activate(context: vscode.ExtensionContext): LocalAltTextApi {
  performance.mark(ACTIVATE_MARK);
  const started = performance.now();
  const created = createServices(context);
  services = created.services;
  const pasteDrop = registerPasteDropSupport(SELECTOR, services);
  context.subscriptions.push(
    created.disposable,
    registerDiagnosticsSupport(services),
    registerCodeActionSupport(SELECTOR, services),
    registerHoverSupport(SELECTOR, services),
    pasteDrop,
    registerFileFixSupport(services),
    registerWorkspaceFixSupport(services),
    registerModelSupport(services),
    registerMismatchedAltSupport(SELECTOR, services),
  );
  // Recorded on the process's performance timeline too, where profilers (and the host tests) find it.
  performance.measure(ACTIVATE_MEASURE, ACTIVATE_MARK);
  services.log.info(`Activated in ${(performance.now() - started).toFixed(1)} ms`);
  return { pasteDrop: pasteDrop.provider, review: { active: () => ReviewPanel.active()?.shown } };
}

/**
 * What `activate` returns (the extension's `exports`), for the host tests: the paste and drop
 * provider, and the open review as its page sees it (rows, decisions, and its messages).
 */
export interface LocalAltTextApi {
  pasteDrop: ImagePasteDrop;
  review: { active(): ReviewPanel['shown'] | undefined };
}

export async function deactivate(): Promise<void> {
  await services?.captions.flush();
  await services?.captions.stopEngine();
  services = undefined;
}
