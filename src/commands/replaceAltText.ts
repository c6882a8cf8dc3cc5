import * as vscode from 'vscode';
import { reportError } from '../extension/reportError';
import { loadScanner } from '../extension/scanner';
import type { Services } from '../extension/services';
import type { ImageTarget } from '../providers/codeActions';
import { captionWithProgress, editFoundImage, targetImage } from './imageCommands';

/**
 * "Replace with generated alt text" (the quick fix on `mismatched-alt`): captions the image and
 * puts the caption in place of its alt text, in one undoable edit that is refused if the image
 * changed meanwhile. From the Command Palette: the image at the cursor, whatever its alt text.
 */
export async function replaceAltText(services: Services, target?: ImageTarget): Promise<boolean> {
  try {
    const found = await targetImage(services, target, 'images');
    if (!found) {
      void vscode.window.showInformationMessage('There is no image here.');
      return false;
    }
    const { document, image } = found;
    const scanner = await loadScanner();
    const caption = await captionWithProgress(services, scanner, image, document.uri);
    if (!caption) {
      void vscode.window.showWarningMessage('The model gave an empty caption for this image; the alt text was left as it is.');
      return false;
    }
    const result = await editFoundImage(scanner, found, (text, img) => scanner.altEdit(text, img, caption), 'Replace alt text');
    if (result.applied.length === 0) {
      void vscode.window.showWarningMessage(`The alt text was not replaced: ${result.skipped[0]?.reason ?? 'the image changed'}.`);
      return false;
    }
    services.log.info(
      `Alt text of ${image.src} in ${vscode.workspace.asRelativePath(document.uri)} replaced: "${image.alt ?? ''}" -> "${caption}"`,
    );
    return true;
  } catch (err) {
    await reportError(services.log, 'Replacing the alt text failed', err);
    return false;
  }
}
