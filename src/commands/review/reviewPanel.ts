import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import type { Proposal } from '../../extension/batch';
import { lazy, type LazyModule } from '../../extension/lazy';
import {
  defaultDecision,
  purposeChoices,
  sanitizeDecisions,
  type Decision,
  type PurposeChoices,
  type PurposeJudge,
} from './purposeChoices';

export type { Decision } from './purposeChoices';

/** What the review page shows for one row; everything it needs, serialised into the page. */
interface ReviewRow extends PurposeChoices {
  id: number;
  file: string;
  line: number;
  src: string;
  state: string;
  currentAlt: string | null;
  caption: string;
  /** When the image's text was read: the generated caption and that text, shown apart from the proposal. */
  parts?: { caption: string; visibleText: string };
  error?: string;
  thumbnail?: string;
  /** Rows with the same group show the same picture. */
  group?: string;
}

type FromPage =
  { type: 'state'; decisions: Decision[] } | { type: 'apply'; decisions: Decision[] } | { type: 'cancel' } | { type: 'open'; id: number };

const MAX_INLINE_THUMBNAIL_BYTES = 2 * 1024 * 1024;

/**
 * The review step of the workspace fix: one table with a thumbnail, the place, the current alt and
 * an editable proposed alt text per image, each accepted or skipped (or all at once), then applied
 * in one go. Resolves with the decisions, or undefined when the writer cancels or closes it.
 */
export class ReviewPanel {
  static readonly viewType = 'localAltText.review';
  private static current: ReviewPanel | undefined;

  private decisions: Decision[];
  private settled = false;
  private readonly done: Promise<Decision[] | undefined>;
  private resolve!: (value: Decision[] | undefined) => void;

  /** The open review, for the Apply and Cancel commands. */
  static active(): ReviewPanel | undefined {
    return ReviewPanel.current;
  }

  static async show(extensionUri: vscode.Uri, proposals: readonly Proposal[]): Promise<Decision[] | undefined> {
    // The image sniffer comes with the network code, and the purpose guesses with the scanner: both load on first use.
    const [net, judge] = await Promise.all([lazy('net'), lazy('markdown')]);
    ReviewPanel.current?.finish(undefined);
    const panel = new ReviewPanel(extensionUri, proposals, net.sniffImageType, judge);
    ReviewPanel.current = panel;
    return panel.done;
  }

  private readonly panel: vscode.WebviewPanel;
  private readonly rowData: ReviewRow[];

  private constructor(
    extensionUri: vscode.Uri,
    private readonly proposals: readonly Proposal[],
    private readonly sniffImageType: LazyModule<'net'>['sniffImageType'],
    private readonly judge: PurposeJudge,
  ) {
    this.done = new Promise((resolve) => (this.resolve = resolve));
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const roots = [media, ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
    this.panel = vscode.window.createWebviewPanel(ReviewPanel.viewType, 'Review Alt Text', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: roots,
      retainContextWhenHidden: true,
    });
    this.rowData = this.rows();
    this.decisions = this.rowData.map((row) => defaultDecision(row.id, row));
    this.panel.iconPath = vscode.Uri.joinPath(media, 'icon.png');
    this.panel.webview.html = this.html(media);
    this.panel.webview.onDidReceiveMessage((message: FromPage) => this.receive(message));
    this.panel.onDidDispose(() => this.finish(undefined));
  }

  /** Applies the decisions as they stand (the Apply button, or the command). */
  apply(): void {
    this.finish(this.decisions);
  }

  cancel(): void {
    this.finish(undefined);
  }

  /** What the page shows, and a way to act as the page does: for the host tests, through the extension's API. */
  get shown(): { rows: readonly ReviewRow[]; decisions: readonly Decision[]; fromPage: (message: unknown) => void } {
    return { rows: this.rowData, decisions: this.decisions, fromPage: (message) => this.receive(message as FromPage) };
  }

  private receive(message: FromPage): void {
    switch (message.type) {
      case 'state':
        this.decisions = sanitizeDecisions(message.decisions, this.decisions, this.judge.IMAGE_PURPOSES);
        break;
      case 'apply':
        this.decisions = sanitizeDecisions(message.decisions, this.decisions, this.judge.IMAGE_PURPOSES);
        this.apply();
        break;
      case 'cancel':
        this.cancel();
        break;
      case 'open': {
        const proposal = this.proposals.find((p) => p.occurrence.id === message.id);
        if (proposal) {
          const position = new vscode.Position(proposal.occurrence.line, 0);
          void vscode.window.showTextDocument(proposal.occurrence.uri, {
            viewColumn: vscode.ViewColumn.Beside,
            selection: new vscode.Range(position, position),
            preserveFocus: true,
          });
        }
        break;
      }
    }
  }

  private finish(result: Decision[] | undefined): void {
    if (this.settled) return;
    this.settled = true;
    if (ReviewPanel.current === this) ReviewPanel.current = undefined;
    this.resolve(result);
    this.panel.dispose();
  }

  private rows(): ReviewRow[] {
    const webview = this.panel.webview;
    return this.proposals.map(({ occurrence, caption, parts, error, imageSha256, bytes }) => {
      let thumbnail: string | undefined;
      if (occurrence.source.kind === 'file' && occurrence.source.resolved && occurrence.source.exists) {
        thumbnail = webview.asWebviewUri(vscode.Uri.file(occurrence.source.resolved)).toString();
      } else if (bytes && bytes.byteLength <= MAX_INLINE_THUMBNAIL_BYTES) {
        const mime = this.sniffImageType(bytes);
        if (mime) thumbnail = `data:${mime};base64,${Buffer.from(bytes).toString('base64')}`;
      }
      return {
        id: occurrence.id,
        file: vscode.workspace.asRelativePath(occurrence.uri),
        line: occurrence.line + 1,
        src: occurrence.image.src,
        state: occurrence.image.altState,
        currentAlt: occurrence.image.alt,
        caption: caption ?? '',
        parts,
        error,
        thumbnail,
        group: imageSha256,
        ...purposeChoices(occurrence.image, caption, this.judge),
      };
    });
  }

  private html(media: vscode.Uri): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const purposes = this.judge.IMAGE_PURPOSES.map((id) => ({ id, ...this.judge.PURPOSE_DESCRIPTIONS[id] }));
    const data = JSON.stringify({ rows: this.rowData, purposes }).replace(/</g, '\\u003c');
    const csp = [
      `default-src 'none'`,
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'review.css'));
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'review.js'));
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Review Alt Text</title>
</head>
<body>
<header>
  <h1>Review alt text</h1>
  <p id="summary" role="status"></p>
  <div class="actions">
    <button id="accept-all" class="secondary">Accept all</button>
    <button id="skip-all" class="secondary">Skip all</button>
    <button id="cancel" class="secondary">Cancel</button>
    <button id="apply">Apply</button>
  </div>
</header>
<table>
  <thead><tr><th scope="col">Image</th><th scope="col">Where</th><th scope="col">Purpose</th><th scope="col">Alt text</th><th scope="col">Accept</th></tr></thead>
  <tbody id="rows"></tbody>
</table>
<script type="application/json" id="review-data">${data}</script>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }
}
