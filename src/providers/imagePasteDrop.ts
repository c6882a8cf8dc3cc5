import * as vscode from 'vscode';
import type { Arrival, ImageCandidate } from '../extension/imageArrival';
import { lazy, type LazyModule } from '../extension/lazy';
import { markupDialect, type MarkupDialect } from '../extension/markupDialect';
import type { Services } from '../extension/services';

type ArrivalModule = LazyModule<'imageArrival'>;

const Kind = vscode.DocumentDropOrPasteEditKind;
/** VS Code's own Markdown image edit (`![Alt text](image.png)`); ours is a kind of it. */
export const BUILT_IN_IMAGE_KIND = Kind.Empty.append('markdown', 'link', 'image');
export const MARKDOWN_GENERATED_ALT_KIND = BUILT_IN_IMAGE_KIND.append('generatedAlt');
export const HTML_GENERATED_ALT_KIND = Kind.Empty.append('html', 'image', 'generatedAlt');

const MIME_TYPES = ['image/*', 'text/uri-list'];
const IMAGE_FILE = /\.(png|jpe?g|gif|webp|avif|bmp|svg|tiff?)$/i;

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
export class ImagePasteDrop
  implements vscode.DocumentPasteEditProvider<GeneratedAltPasteEdit>, vscode.DocumentDropEditProvider<GeneratedAltDropEdit>
{
  static readonly pasteMetadata: vscode.DocumentPasteProviderMetadata = {
    providedPasteEditKinds: [MARKDOWN_GENERATED_ALT_KIND, HTML_GENERATED_ALT_KIND],
    pasteMimeTypes: MIME_TYPES,
  };
  static readonly dropMetadata: vscode.DocumentDropEditProviderMetadata = {
    providedDropEditKinds: [MARKDOWN_GENERATED_ALT_KIND, HTML_GENERATED_ALT_KIND],
    dropMimeTypes: MIME_TYPES,
  };
  constructor(private readonly services: Services) {}

  /** The work itself loads on the first image pasted or dropped, not at activation. */
  private load(): Promise<ArrivalModule> {
    return lazy('imageArrival');
  }

  private async arrival(
    document: vscode.TextDocument,
    ranges: readonly vscode.Range[],
    dataTransfer: vscode.DataTransfer,
    token: vscode.CancellationToken,
  ): Promise<Arrival | undefined> {
    // An untitled document has no folder to copy images next to.
    if (document.uri.scheme === 'untitled') return undefined;
    // VS Code asks every provider on every paste (it always counts a URI list as possible), so
    // what is not an image is turned down before anything is read or loaded.
    const candidates = await imageCandidates(dataTransfer);
    if (candidates.length === 0 || token.isCancellationRequested) return undefined;
    return (await this.load()).collectArrival(this.services, document, ranges, candidates, token);
  }

  async provideDocumentPasteEdits(
    document: vscode.TextDocument,
    ranges: readonly vscode.Range[],
    dataTransfer: vscode.DataTransfer,
    context: vscode.DocumentPasteEditContext,
    token: vscode.CancellationToken,
  ): Promise<GeneratedAltPasteEdit[] | undefined> {
    const kind = kindFor(markupDialect(document.languageId, document.uri.path));
    if (context.only && !context.only.intersects(kind)) return undefined;
    const arrival = await this.arrival(document, ranges, dataTransfer, token);
    if (!arrival || token.isCancellationRequested) return undefined;
    const edit = new GeneratedAltPasteEdit(arrival, titleFor(arrival), kind);
    edit.additionalEdit = (await this.load()).arrivalEdit(arrival, []);
    edit.yieldTo = yieldTo(arrival.dialect);
    return [edit];
  }

  async resolveDocumentPasteEdit(edit: GeneratedAltPasteEdit, token: vscode.CancellationToken): Promise<GeneratedAltPasteEdit> {
    const work = await this.load();
    edit.additionalEdit = work.arrivalEdit(edit.arrival, await work.captionArrival(this.services, edit.arrival, 'pasted', token));
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
    const work = await this.load();
    edit.additionalEdit = work.arrivalEdit(arrival, await work.captionArrival(this.services, arrival, 'dropped', token));
    edit.yieldTo = yieldTo(arrival.dialect);
    return edit;
  }
}

function kindFor(dialect: MarkupDialect): vscode.DocumentDropOrPasteEditKind {
  return dialect === 'html' ? HTML_GENERATED_ALT_KIND : MARKDOWN_GENERATED_ALT_KIND;
}

/** Beside the built-in image edit, not in its place: choosing ours by default is the writer's setting. */
function yieldTo(dialect: MarkupDialect): vscode.DocumentDropOrPasteEditKind[] {
  return dialect === 'html' ? [] : [BUILT_IN_IMAGE_KIND];
}

function titleFor(arrival: Arrival): string {
  return arrival.images.length === 1
    ? 'Insert image with generated alt text'
    : `Insert ${arrival.images.length} images with generated alt text`;
}

/** Image files in the transfer; failing those, image files named by its URI list. */
async function imageCandidates(dataTransfer: vscode.DataTransfer): Promise<ImageCandidate[]> {
  const candidates: ImageCandidate[] = [];
  const seen = new Set<string>();
  for (const [mime, item] of dataTransfer) {
    if (!mime.toLowerCase().startsWith('image/')) continue;
    const file = item.asFile();
    const key = file && (file.uri?.toString() ?? `${mime}:${file.name}`);
    if (!file || !key || seen.has(key)) continue;
    seen.add(key);
    candidates.push({ name: file.name, mime, uri: file.uri, read: () => file.data() });
  }
  if (candidates.length) return candidates;
  for (const uri of parseUriList((await dataTransfer.get('text/uri-list')?.asString()) ?? '')) {
    if (!IMAGE_FILE.test(uri.path) || seen.has(uri.toString())) continue;
    seen.add(uri.toString());
    candidates.push({ name: uri.path.split('/').pop() ?? '', mime: mimeOf(uri.path), uri, read: () => vscode.workspace.fs.readFile(uri) });
  }
  return candidates;
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

/** The paste and drop edits, with the provider itself (the extension's API hands it to the host tests). */
export interface PasteDropSupport extends vscode.Disposable {
  readonly provider: ImagePasteDrop;
}

export function registerPasteDropSupport(selector: vscode.DocumentSelector, services: Services): PasteDropSupport {
  const provider = new ImagePasteDrop(services);
  const registrations = vscode.Disposable.from(
    vscode.languages.registerDocumentPasteEditProvider(selector, provider, ImagePasteDrop.pasteMetadata),
    vscode.languages.registerDocumentDropEditProvider(selector, provider, ImagePasteDrop.dropMetadata),
  );
  return { provider, dispose: () => registrations.dispose() };
}
