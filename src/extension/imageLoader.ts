import * as vscode from 'vscode';
import type { ImageRef, ResolvedSource } from '../markdown/types';
import { resolveImageSource } from './documentScans';
import { ImageSourceError, readImageBytes } from './imageBytes';
import type { Scanner } from './scanner';
import { readSettings } from './settingsSource';
import { withSignal } from './cancellation';
import { RESTRICTED_REMOTE, isRestricted } from './workspaceTrust';

export interface LoadedImage {
  bytes: Uint8Array;
  source: ResolvedSource;
}

/**
 * Reads the bytes of an image referenced from a document. Remote images follow the
 * `remoteImages.fetch` setting (never in Restricted Mode); under 'ask', the writer answers once per
 * host and session, for the image's host and for every host a redirect leads to.
 */
export class ImageLoader {
  private readonly hostAnswers = new Map<string, Promise<boolean>>();

  async load(scanner: Scanner, image: ImageRef, documentUri: vscode.Uri, token?: vscode.CancellationToken): Promise<LoadedImage> {
    const source = resolveImageSource(scanner, image, documentUri, readSettings(documentUri));
    return { bytes: await this.read(image.src, source, documentUri, token), source };
  }

  /** The bytes of an already resolved source, under the settings of the document that shows it. */
  read(src: string, source: ResolvedSource, documentUri: vscode.Uri, token?: vscode.CancellationToken): Promise<Uint8Array> {
    const settings = readSettings(documentUri);
    if (source.kind === 'remote' && isRestricted())
      return Promise.reject(new ImageSourceError(`"${src}" was not fetched: ${RESTRICTED_REMOTE}`));
    return withSignal(token, (signal) =>
      readImageBytes(src, source, { remote: settings.remoteImages, confirmRemote: (url) => this.confirm(url, src), signal }),
    );
  }

  /** Asked for the image's own host and again for each new host a redirect leads to. */
  private confirm(url: URL, src: string): Promise<boolean> {
    let answer = this.hostAnswers.get(url.host);
    if (!answer) {
      const redirected = !src.includes(url.host);
      answer = Promise.resolve(
        vscode.window.showWarningMessage(
          `Fetch images from ${url.host} to caption them?`,
          {
            modal: true,
            detail: `${redirected ? `The remote image ${src} redirects to ${url.href}` : `A remote image (${url.href}) needs to be downloaded to write its alt text`}. The image is only read; the caption is made on this machine. Only public addresses are fetched. Your answer holds for ${url.host} until the window closes.`,
          },
          'Fetch',
        ),
      ).then((choice) => choice === 'Fetch');
      this.hostAnswers.set(url.host, answer);
    }
    return answer;
  }
}
