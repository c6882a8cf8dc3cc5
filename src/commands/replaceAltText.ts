import * as vscode from 'vscode';
import { reportError } from '../extension/reportError';
import { loadScanner } from '../extension/scanner';
import type { Services } from '../extension/services';
import type { ImageTarget } from '../providers/codeActions';
import { targetImage, writeCaption, type CaptionWording } from './imageCommands';

const REPLACING: CaptionWording = {
  label: 'Replace alt text',
  empty: 'The model gave an empty caption for this image; the alt text was left as it is.',
  notWritten: 'The alt text was not replaced',
};

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
    const written = await writeCaption(services, await loadScanner(), found, REPLACING);
    if (!written) return false;
    const { caption } = written;
    services.log.info(
      `Alt text of ${image.src} in ${vscode.workspace.asRelativePath(document.uri)} replaced: "${image.alt ?? ''}" -> "${caption}"`,
    );
    return true;
  } catch (err) {
    await reportError(services.log, 'Replacing the alt text failed', err);
    return false;
  }
}
