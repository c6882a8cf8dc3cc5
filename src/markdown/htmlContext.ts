import { html, parse, type DefaultTreeAdapterTypes } from 'parse5';
import { extensionTypes, types } from './markdownTokenTypes';

// Raw HTML that can change what later HTML means: elements whose content is text (script, style,
// textarea, title, ...), foreign content (svg, math), and comments or processing instructions that
// a block leaves open. Without any of these, each piece of raw HTML means what it means alone.
const CONTEXT_CHANGER = /<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext|svg|math|[!?])/i;

/** Whether a Markdown document needs its raw HTML read in context (see HtmlContext). */
export function needsHtmlContext(text: string): boolean {
  return CONTEXT_CHANGER.test(text);
}

// What the rendered page has for each Markdown construct that matters to an HTML parser: most of
// these tags end SVG or MathML content when they start; all are text inside a raw text element.
const TAGS: Record<string, string> = {
  [types.paragraph]: 'p',
  [types.atxHeading]: 'h1',
  [types.setextHeading]: 'h1',
  [types.codeFenced]: 'pre',
  [types.codeIndented]: 'pre',
  [types.codeText]: 'code',
  [types.emphasis]: 'em',
  [types.strong]: 'strong',
  [extensionTypes.strikethrough]: 'del',
  [types.blockQuote]: 'blockquote',
  [types.listOrdered]: 'ol',
  [types.listUnordered]: 'ul',
  [extensionTypes.table]: 'table',
  [extensionTypes.tableRow]: 'tr',
  [extensionTypes.tableHeader]: 'td',
  [extensionTypes.tableData]: 'td',
};
const VOID_TAGS: Record<string, string> = {
  [types.hardBreakEscape]: 'br',
  [types.hardBreakTrailing]: 'br',
  [types.thematicBreak]: 'hr',
  [types.listItemPrefix]: 'li',
};
const TEXT_TOKENS = new Set<string>([
  types.data,
  types.codeFlowValue,
  types.codeTextData,
  types.characterEscapeValue,
  types.characterReference,
  types.autolinkProtocol,
  types.autolinkEmail,
]);

/**
 * A sketch of the page a Markdown document renders to: its raw HTML as written, the tags the
 * renderer writes around it, an `<img>` for each Markdown image, and a stand-in for the text (which
 * the renderer escapes, so it never holds markup). An HTML parser reads the sketch as a browser
 * reads the page, so an `<img>` counts only where it is a real HTML image element: not inside a
 * `<textarea>`, a `<script>` string or a comment left open, and not an SVG `<image>`.
 */
export class HtmlContext {
  private readonly parts: string[] = [];
  private length = 0;
  private lastWasText = false;

  /** Adds what the renderer writes when a token starts or ends. */
  event(kind: 'enter' | 'exit', type: string): void {
    const tag = TAGS[type];
    if (tag) this.append(kind === 'enter' ? `<${tag}>` : `</${tag}>`);
    else if (kind === 'enter' && VOID_TAGS[type]) this.append(`<${VOID_TAGS[type]}>`);
    else if (kind === 'enter' && type === types.lineEnding) this.append('\n');
    else if (kind === 'enter' && TEXT_TOKENS.has(type) && !this.lastWasText) {
      this.append('x');
      this.lastWasText = true;
    }
  }

  /** Adds raw HTML as written; returns where it starts in the sketch. */
  raw(value: string): number {
    return this.append(value);
  }

  /** Adds a Markdown image; returns where its `<img>` starts in the sketch. */
  image(): number {
    return this.append('<img>');
  }

  /** Where the sketch has real HTML image elements. */
  imageOffsets(): Set<number> {
    const offsets = new Set<number>();
    const stack: DefaultTreeAdapterTypes.ParentNode[] = [parse(this.parts.join(''), { sourceCodeLocationInfo: true })];
    while (stack.length) {
      const node = stack.pop()!;
      for (const child of node.childNodes) {
        if (!('tagName' in child)) continue;
        if (child.tagName === 'img' && child.namespaceURI === html.NS.HTML && child.sourceCodeLocation)
          offsets.add(child.sourceCodeLocation.startOffset);
        stack.push(child);
        if ('content' in child && child.content) stack.push(child.content);
      }
    }
    return offsets;
  }

  private append(part: string): number {
    const at = this.length;
    this.parts.push(part);
    this.length += part.length;
    this.lastWasText = false;
    return at;
  }
}
