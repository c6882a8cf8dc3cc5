import * as vscode from 'vscode';
import type { ImageRef } from '../markdown/types';
import { generateAltText } from '../commands/imageCommands';
import { sha256Hex } from '../extension/captionCache';
import { Command, type CommandId } from '../extension/commandIds';
import { resolveImageSource } from '../extension/documentScans';
import { loadScanner } from '../extension/scanner';
import type { Services } from '../extension/services';
import { errorMessage } from '../extension/reportError';
import { readSettings } from '../extension/settingsSource';
import { thumbnailDataUri } from '../extension/thumbnail';
import { RESTRICTED_REMOTE, isRestricted } from '../extension/workspaceTrust';
import { imageTarget, type ImageTarget } from './codeActions';
import { matchScoreMarkdown } from './mismatchedAlt';

/** How long a hover waits for a caption being made before it says "captioning…" instead. */
const CAPTION_WAIT_MS = 1500;
const LINK_COMMANDS = [Command.insertCaption, Command.generateAltText, Command.downloadModel, Command.useLocalModelFolder];

/**
 * Hovering an image shows the picture and, for an image without useful alt text, a caption (from
 * the cache, or made on the spot; the hover says "captioning…" while it runs) with a link that
 * inserts it. A hover never asks for a download and never fetches a remote image: without a model,
 * or for a remote image, it offers the commands instead.
 */
export class ImageHover implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    const found = await this.services.scans.imageAt(document, document.offsetAt(position));
    if (!found || token.isCancellationRequested) return undefined;
    const { scan, image } = found;
    const scanner = await loadScanner();
    const settings = readSettings(document.uri);
    const source = resolveImageSource(scanner, image, document.uri, settings);
    const range = new vscode.Range(document.positionAt(image.range.start), document.positionAt(image.range.end));

    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.supportHtml = true;
    markdown.isTrusted = { enabledCommands: LINK_COMMANDS };

    // A hover never fetches a remote image: pointing at a link in a stranger's document must not
    // make a request. Where the settings allow fetching, the hover offers it as a link instead.
    let bytes: Uint8Array | undefined;
    let unreadable: string | undefined;
    let fetchOnRequest = false;
    if (source.kind === 'remote') {
      if (isRestricted()) unreadable = RESTRICTED_REMOTE;
      else if (settings.remoteImages.policy === 'never')
        unreadable = 'Remote images are not fetched (setting localAltText.remoteImages.fetch).';
      else {
        unreadable = 'A remote image is fetched only when asked for.';
        fetchOnRequest = true;
      }
    } else {
      try {
        bytes = await this.services.images.read(image.src, source, document.uri, token);
      } catch (err) {
        unreadable = errorMessage(err);
      }
    }
    if (token.isCancellationRequested) return undefined;
    // The words first, the picture below: a hover is short, and the link must not scroll away.
    const thumbnail = bytes && (await thumbnailDataUri(bytes, sha256Hex(bytes)));
    const picture = () => {
      if (thumbnail) markdown.appendMarkdown(`\n\n<img src="${thumbnail}" alt="">`);
      else if (unreadable) markdown.appendMarkdown(`\n\n$(warning) ${escapeMarkdown(unreadable)}`);
      return new vscode.Hover(markdown, range);
    };

    if (!scan.findings.includes(image)) {
      markdown.appendMarkdown(image.alt ? `**Alt text:** ${escapeMarkdown(image.alt)}` : `**Alt text:** none (${image.altState})`);
      if (bytes) markdown.appendMarkdown(await matchScoreMarkdown(image, bytes, document.uri, this.services, CAPTION_WAIT_MS));
      if (token.isCancellationRequested) return undefined;
      return picture();
    }
    const target = imageTarget(document, image);
    // A badge's alt text is its label, read from its URL: nothing to fetch or caption.
    const badge = scanner.badgeOf(image.src);
    if (badge) {
      markdown.appendMarkdown(`**Suggested alt text** (the badge's label): ${escapeMarkdown(badge.alt)}\n\n`);
      markdown.appendMarkdown(`$(insert) [Insert as alt text](${commandLink(Command.insertCaption, [target, badge.alt])})`);
      return new vscode.Hover(markdown, range);
    }
    if (!bytes && fetchOnRequest) {
      markdown.appendMarkdown(
        `$(cloud-download) [Fetch and insert alt text](${commandLink(Command.generateAltText, [target])}) from ${escapeMarkdown(new URL(source.resolved ?? image.src).host)}`,
      );
      return picture();
    }
    if (!bytes) return picture();

    const caption = await this.captionFor(image, bytes, token);
    if (token.isCancellationRequested) return undefined;
    switch (caption.kind) {
      case 'ready':
        markdown.appendMarkdown(`**Suggested alt text:** ${escapeMarkdown(caption.text)}\n\n`);
        markdown.appendMarkdown(`$(insert) [Insert as alt text](${commandLink(Command.insertCaption, [target, caption.text])})`);
        break;
      case 'running':
        markdown.appendMarkdown('$(loading~spin) Captioning… (hover again in a moment)\n\n');
        markdown.appendMarkdown(`[Insert alt text when ready](${commandLink(Command.insertCaption, [target])})`);
        break;
      case 'no-model':
        markdown.appendMarkdown('The captioning model is not installed.\n\n');
        markdown.appendMarkdown(
          `[Download Model](${commandLink(Command.downloadModel, [])}) · [Use Local Model Folder…](${commandLink(Command.useLocalModelFolder, [])})`,
        );
        break;
      case 'failed':
        markdown.appendMarkdown(`$(error) No caption: ${escapeMarkdown(caption.message)}`);
        break;
    }
    return picture();
  }

  private async captionFor(
    image: ImageRef,
    bytes: Uint8Array,
    token: vscode.CancellationToken,
  ): Promise<{ kind: 'ready'; text: string } | { kind: 'running' } | { kind: 'no-model' } | { kind: 'failed'; message: string }> {
    try {
      await this.services.models.ensure(false, token);
    } catch {
      return { kind: 'no-model' };
    }
    // The caption is made without the hover's token: closing the hover must not waste work half done.
    const running = this.services.captions.caption({ bytes, interactive: false });
    running.catch((err) => this.services.log.error(`Captioning ${image.src} for a hover failed`, err));
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), CAPTION_WAIT_MS));
    try {
      const result = await Promise.race([running, timeout]);
      return result === 'timeout' ? { kind: 'running' } : { kind: 'ready', text: result.text };
    } catch (err) {
      return { kind: 'failed', message: errorMessage(err) };
    }
  }
}

function commandLink(command: CommandId, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~$]/g, '\\$&');
}

/** The hover, and the command its "Insert as alt text" link runs (with the caption it showed, or none yet). */
export function registerHoverSupport(selector: vscode.DocumentSelector, services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerHoverProvider(selector, new ImageHover(services)),
    vscode.commands.registerCommand(Command.insertCaption, (target?: ImageTarget, caption?: string) =>
      generateAltText(services, target, caption),
    ),
  );
}
