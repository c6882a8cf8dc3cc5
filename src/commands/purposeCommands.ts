import * as vscode from 'vscode';
import { loadScanner } from '../extension/scanner';
import { reportError } from '../extension/reportError';
import type { Services } from '../extension/services';
import type { ImageTarget } from '../providers/codeActions';
import type { ImagePurpose, PurposeSuggestion } from '../purpose';
import { exactTarget, generateAltText, markDecorative, targetImage } from './imageCommands';
import { capitalise } from '../purpose/capitalise';

/**
 * Gives the image the alt text its purpose calls for: decorative is marked decorative as its syntax
 * allows, functional gets the link's purpose, a badge its label; what needs a description is
 * captioned. A hint the alt text alone cannot carry out (describe a diagram in the text) is shown
 * after the edit.
 */
export async function applyPurpose(services: Services, target: ImageTarget | undefined, purpose: ImagePurpose): Promise<boolean> {
  try {
    const found = await targetImage(services, target);
    if (!found) {
      void vscode.window.showInformationMessage('There is no image without useful alt text here.');
      return false;
    }
    const scanner = await loadScanner();
    if (!scanner.IMAGE_PURPOSES.includes(purpose)) throw new Error(`"${String(purpose)}" is not an image purpose`);
    const suggestion = scanner.suggestForPurpose(purpose, scanner.guessPurpose(found.image), {});
    const exact = target ?? exactTarget(found);
    // Without an alt of its own (an informative image, text not yet read), the caption is the alt.
    const done = suggestion.decorative ? await markDecorative(services, exact) : await generateAltText(services, exact, suggestion.alt);
    if (done && suggestion.hint) void vscode.window.showInformationMessage(suggestion.hint);
    return done;
  } catch (err) {
    await reportError(services.log, 'Writing alt text for the image’s purpose failed', err);
    return false;
  }
}

interface PurposeItem extends vscode.QuickPickItem {
  purpose: ImagePurpose;
}

/**
 * "Choose the image's purpose": the five purposes of the W3C decision tree, each with the alt text
 * it would give, the likely one first in focus with the reason it was guessed; then applies it.
 */
export async function choosePurpose(services: Services, target?: ImageTarget): Promise<boolean> {
  const found = await targetImage(services, target);
  if (!found) {
    void vscode.window.showInformationMessage('There is no image without useful alt text here.');
    return false;
  }
  const scanner = await loadScanner();
  const guess = scanner.guessPurpose(found.image);
  const items: PurposeItem[] = scanner.IMAGE_PURPOSES.map((purpose) => {
    const { label, detail } = scanner.PURPOSE_DESCRIPTIONS[purpose];
    return {
      purpose,
      label,
      description: preview(scanner.suggestForPurpose(purpose, guess, {})),
      detail: purpose === guess.purpose ? `Likely: ${guess.reason}. ${capitalise(detail)}` : capitalise(detail),
    };
  });
  const picked = await new Promise<PurposeItem | undefined>((resolve) => {
    const quickPick = vscode.window.createQuickPick<PurposeItem>();
    quickPick.title = 'What is this image for?';
    quickPick.placeholder = found.image.src;
    quickPick.matchOnDetail = true;
    quickPick.items = items;
    quickPick.activeItems = items.filter((i) => i.purpose === guess.purpose);
    let chosen: PurposeItem | undefined;
    quickPick.onDidAccept(() => {
      chosen = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      quickPick.dispose();
      resolve(chosen);
    });
    quickPick.show();
  });
  if (!picked) return false;
  return applyPurpose(services, target ?? exactTarget(found), picked.purpose);
}

function preview(suggestion: PurposeSuggestion): string {
  if (suggestion.decorative) return 'empty alt text';
  return suggestion.alt ? `“${suggestion.alt}”` : 'a caption from the model';
}
