import * as vscode from 'vscode';
import { imageMarkup, linkPath, type MarkupDialect } from '../extension/imageMarkup';
import { ModelUnavailableError } from '../extension/modelAccess';
import type { Services } from '../extension/services';

const Kind = vscode.DocumentDropOrPasteEditKind;
/** VS Code's own Markdown image edit (`![Alt text](image.png)`); ours is a kind of it. */
export const BUILT_IN_IMAGE_KIND = Kind.Empty.append('markdown', 'link', 'image');
export const MARKDOWN_GENERATED_ALT_KIND = BUILT_IN_IMAGE_KIND.append('generatedAlt');
export const HTML_GENERATED_ALT_KIND = Kind.Empty.append('html', 'image', 'generatedAlt');

const MIME_TYPES = ['image/*', 'text/uri-list'];
const IMAGE_FILE = /\.(png|jpe?g|gif|webp|avif|bmp|svg|tiff?)$/i;

/** One image arriving in a document: where its file is (or will be), and its bytes to caption. */
interface ArrivingImage {
  target: vscode.Uri;
  bytes: Uint8Array;
  /** Set when the file comes from outside the workspace and is written into it by the edit. */
  copy?: { overwrite: boolean };
}

interface Arrival {
  document: vscode.TextDocument;
  ranges: readonly vscode.Range[];
  dialect: MarkupDialect;
  images: ArrivingImage[];
}

class GeneratedAltPasteEdit extends vscode.DocumentPasteEdit {
  constructor(
    readonly arrival: Arrival,
    title: string,
    kind: vscode.DocumentDropOrPasteEditKind,
  ) {
    super('', title, kind);
  }
}

class GeneratedAltDropEdit extends vscode.DocumentDropEdit {
  constructor(
    readonly arrival: Arrival,
    title: string,
    kind: vscode.DocumentDropOrPasteEditKind,
  ) {
    super('', title, kind);
  }
}

/**
 * Pasting or dropping an image into Markdown, MDX or HTML: the image is copied into the workspace
 * as VS Code's Markdown paste copies it (or linked, when it is already there) and inserted with a
 * generated caption as its alt text. Offering a paste edit is quick; its caption is made when the
 * edit is chosen (resolve). Captions come with a cancellable progress, and only from a model that
 * is already on this machine: a paste or drop never asks for a download. Without a caption the
 * image is still inserted, with no alt text, which the diagnostics then report.
 *
 * The text goes in through `additionalEdit` with an empty `insertText`: resolving may only change
 * the additional edit, and VS Code then applies nothing else at the pasted ranges.
 */
export class ImagePasteDrop implements vscode.DocumentPasteEditProvider<GeneratedAltPasteEdit>, vscode.DocumentDropEditProvider<GeneratedAltDropEdit> {
  static readonly pasteMetadata: vscode.DocumentPasteProviderMetadata = {
    providedPasteEditKinds: [MARKDOWN_GENERATED_ALT_KIND, HTML_GENERATED_ALT_KIND],
    pasteMimeTypes: MIME_TYPES,
  };
  static readonly dropMetadata: vscode.DocumentDropEditProviderMetadata = {
    providedDropEditKinds: [MARKDOWN_GENERATED_ALT_KIND, HTML_GENERATED_ALT_KIND],
    dropMimeTypes: MIME_TYPES,
  };
  private toldNoModel = false;

  constructor(private readonly services: Services) {}

  async provideDocumentPasteEdits(
    document: vscode.TextDocument,
    ranges: readonly vscode.Range[],
    dataTransfer: vscode.DataTransfer,
    context: vscode.DocumentPasteEditContext,
    token: vscode.CancellationToken,
  ): Promise<GeneratedAltPasteEdit[] | undefined> {
    const kind = kindFor(dialectOf(document));
    if (context.only && !context.only.intersects(kind)) return undefined;
    const arrival = await this.arrival(document, ranges, dataTransfer, token);
    if (!arrival || token.isCancellationRequested) return undefined;
    const edit = new GeneratedAltPasteEdit(arrival, titleFor(arrival), kind);
    edit.additionalEdit = await this.workspaceEdit(arrival, []);
    edit.yieldTo = yieldTo(arrival.dialect);
    return [edit];
  }

  async resolveDocumentPasteEdit(edit: GeneratedAltPasteEdit, token: vscode.CancellationToken): Promise<GeneratedAltPasteEdit> {
    edit.additionalEdit = await this.workspaceEdit(edit.arrival, await this.captions(edit.arrival, 'pasted', token));
    return edit;
  }

  /**
   * A drop is captioned while the edit is offered, not on resolve: VS Code 1.139's workbench sends
   * a drop edit's resolve to the paste side of the extension host (`$resolvePasteEdit`), where it
   * finds nothing, so a drop edit resolved there would always arrive without its caption.
   */
  async provideDocumentDropEdits(
    document: vscode.TextDocument,
    position: vscode.Position,
    dataTransfer: vscode.DataTransfer,
    token: vscode.CancellationToken,
  ): Promise<GeneratedAltDropEdit | undefined> {
    const arrival = await this.arrival(document, [new vscode.Range(position, position)], dataTransfer, token);
    if (!arrival || token.isCancellationRequested) return undefined;
    const edit = new GeneratedAltDropEdit(arrival, titleFor(arrival), kindFor(arrival.dialect));
    edit.additionalEdit = await this.workspaceEdit(arrival, await this.captions(arrival, 'dropped', token));
    edit.yieldTo = yieldTo(arrival.dialect);
    return edit;
  }

  /** The images in a data transfer: files (a screenshot, a file from the system) or file URIs (the Explorer). */
  private async arrival(document: vscode.TextDocument, ranges: readonly vscode.Range[], dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken): Promise<Arrival | undefined> {
    // An untitled document has no folder to copy images next to.
    if (document.uri.scheme === 'untitled') return undefined;
    const { arrivingFileName, desiredCopyPath, freeCopyPath } = await import('../extension/copyDestination');
    const config = vscode.workspace.getConfiguration('markdown', document);
    const destinations = config.get<Record<string, string>>('copyFiles.destination') ?? {};
    const behavior = config.get<string>('copyFiles.overwriteBehavior') === 'overwrite' ? 'overwrite' : 'nameIncrementally';
    const folder = vscode.workspace.getWorkspaceFolder(document.uri)?.uri;
    const copyContext = { documentPath: document.uri.path, workspaceFolder: folder?.path, workspaceFolders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.path) };
    const taken = new Set<string>();
    const images: ArrivingImage[] = [];
    const seen = new Set<string>();

    const place = async (name: string, mime: string, bytes: Uint8Array, uri: vscode.Uri | undefined) => {
      // A file already in the workspace is linked where it is; anything else is copied in.
      if (uri && vscode.workspace.getWorkspaceFolder(uri)) {
        images.push({ target: uri, bytes });
        return;
      }
      const desired = desiredCopyPath(destinations, arrivingFileName(name, mime), copyContext);
      if (desired.refused) this.services.log.info(`Not using markdown.copyFiles.destination for ${document.uri.fsPath}: ${desired.refused}`);
      const free = await freeCopyPath(desired.path, behavior, (p) => exists(document.uri.with({ path: p })), taken);
      images.push({ target: document.uri.with({ path: free.path }), bytes, copy: { overwrite: free.overwrite } });
    };

    for (const [mime, item] of dataTransfer) {
      if (token.isCancellationRequested) return undefined;
      if (!mime.toLowerCase().startsWith('image/')) continue;
      const file = item.asFile();
      if (!file) continue;
      const key = file.uri?.toString() ?? `${mime}:${file.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      await place(file.name, mime, await file.data(), file.uri);
    }
    if (images.length === 0) {
      const uriList = await dataTransfer.get('text/uri-list')?.asString();
      for (const uri of parseUriList(uriList ?? '')) {
        if (token.isCancellationRequested) return undefined;
        if (!IMAGE_FILE.test(uri.path) || seen.has(uri.toString())) continue;
        seen.add(uri.toString());
        let bytes: Uint8Array;
        try {
          bytes = await vscode.workspace.fs.readFile(uri);
        } catch (err) {
          this.services.log.error(`Could not read the dropped image ${uri.toString(true)}`, err);
          continue;
        }
        await place(uri.path.split('/').pop() ?? '', mimeOf(uri.path), bytes, uri);
      }
    }
    return images.length ? { document, ranges, dialect: dialectOf(document), images } : undefined;
  }

  /**
   * A caption per image, or undefined for those without one: no model installed, captioning
   * failed, or cancelled (by VS Code or the progress notification's Cancel).
   */
  private async captions(arrival: Arrival, verb: 'pasted' | 'dropped', token: vscode.CancellationToken): Promise<(string | undefined)[]> {
    const what = arrival.images.length === 1 ? `the ${verb} image` : `${arrival.images.length} ${verb} images`;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Local Alt Text: writing alt text for ${what}…`, cancellable: true },
      async (_progress, progressToken) => {
        const source = new vscode.CancellationTokenSource();
        const listeners = [token, progressToken].map((t) => t.onCancellationRequested(() => source.cancel()));
        if (token.isCancellationRequested || progressToken.isCancellationRequested) source.cancel();
        try {
          return await this.captionEach(arrival, verb, source.token);
        } finally {
          listeners.forEach((l) => l.dispose());
          source.dispose();
        }
      },
    );
  }

  private async captionEach(arrival: Arrival, verb: string, token: vscode.CancellationToken): Promise<(string | undefined)[]> {
    const none = arrival.images.map(() => undefined);
    if (token.isCancellationRequested) return none;
    try {
      // Only a model already on this machine: a paste must never stop for a download dialog.
      await this.services.models.ensure(false, token);
    } catch (err) {
      if (!token.isCancellationRequested) this.noModel(err);
      return none;
    }
    return Promise.all(
      arrival.images.map(async (image) => {
        try {
          return (await this.services.captions.caption({ bytes: image.bytes, interactive: false, token })).text || undefined;
        } catch (err) {
          if (err instanceof vscode.CancellationError) this.services.log.info(`Captioning the ${verb} image ${image.target.fsPath} was cancelled; inserted without alt text`);
          else this.services.log.error(`Captioning the ${verb} image ${image.target.fsPath} failed; inserted without alt text`, err);
          return undefined;
        }
      }),
    );
  }

  private noModel(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.services.log.info(`Image inserted without alt text: ${message}`);
    // Said once a session, without waiting for an answer: the paste goes on regardless.
    if (this.toldNoModel || !(err instanceof ModelUnavailableError)) return;
    this.toldNoModel = true;
    const download = 'Download Model';
    void vscode.window.showInformationMessage('Local Alt Text inserted the image without alt text: the captioning model is not installed.', download).then((choice) => {
      if (choice === download) void vscode.commands.executeCommand('localAltText.downloadModel');
    });
  }

  /** Creates the copied files (undoable, as any workspace edit) and writes the images at every range. */
  private async workspaceEdit(arrival: Arrival, captions: readonly (string | undefined)[]): Promise<vscode.WorkspaceEdit> {
    const edit = new vscode.WorkspaceEdit();
    for (const image of arrival.images) {
      if (image.copy) edit.createFile(image.target, { contents: image.bytes, overwrite: image.copy.overwrite });
    }
    const markup = arrival.images.map((image, i) => imageMarkup(arrival.dialect, linkPath(arrival.document.uri.path, image.target.path), captions[i]));
    const text = markup.join(arrival.dialect === 'html' ? '\n' : '\n\n');
    for (const range of arrival.ranges) edit.replace(arrival.document.uri, range, text);
    return edit;
  }
}

export function dialectOf(document: vscode.TextDocument): MarkupDialect {
  if (document.languageId === 'html' || /\.html?$/i.test(document.uri.path)) return 'html';
  return document.languageId === 'mdx' || /\.mdx$/i.test(document.uri.path) ? 'mdx' : 'markdown';
}

function kindFor(dialect: MarkupDialect): vscode.DocumentDropOrPasteEditKind {
  return dialect === 'html' ? HTML_GENERATED_ALT_KIND : MARKDOWN_GENERATED_ALT_KIND;
}

/** Beside the built-in image edit, not in its place: choosing ours by default is the writer's setting. */
function yieldTo(dialect: MarkupDialect): vscode.DocumentDropOrPasteEditKind[] {
  return dialect === 'html' ? [] : [BUILT_IN_IMAGE_KIND];
}

function titleFor(arrival: Arrival): string {
  return arrival.images.length === 1 ? 'Insert image with generated alt text' : `Insert ${arrival.images.length} images with generated alt text`;
}

function parseUriList(text: string): vscode.Uri[] {
  const uris: vscode.Uri[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    try {
      uris.push(vscode.Uri.parse(trimmed, true));
    } catch {
      // Not a URI: nothing to insert for it.
    }
  }
  return uris;
}

function mimeOf(filePath: string): string {
  const ext = /\.([^.]+)$/.exec(filePath)?.[1].toLowerCase() ?? '';
  return ext === 'jpg' ? 'image/jpeg' : ext === 'svg' ? 'image/svg+xml' : ext === 'tif' ? 'image/tiff' : `image/${ext}`;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
