import { html, type DefaultTreeAdapterTypes } from 'parse5';
import { collapseWhiteSpace, contextOf, htmlDimension, sizeOf } from './imageContext';
import type { ImageContext } from './types';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;

// HTML's phrasing content (and the obsolete inline elements browsers still render inline): an
// image among these shares a line of text with its siblings; any other element starts its own run.
const PHRASING = new Set(
  (
    'a abbr audio b bdi bdo big br button canvas cite code data datalist del dfn em embed font i iframe img input ins kbd ' +
    'label map mark meter nobr noscript object output picture progress q ruby rb rp rt rtc s samp select slot small span ' +
    'strike strong sub sup textarea time tt u var video wbr'
  ).split(' '),
);
// Elements whose content a reader never sees as text.
const NO_TEXT = new Set(['script', 'style', 'template', 'noscript', 'textarea', 'select', 'title']);

/**
 * What surrounds an `<img>` in a parse5 tree: the `<a href>` or `<button>` it sits in, the
 * `<figcaption>` of its `<figure>`, its title and size attributes, and whether its line of text
 * holds other visible text. The text of an element is computed once, however many images it holds.
 */
export class HtmlImageContext {
  private readonly texts = new Map<ParentNode, string>();
  private readonly runs = new Map<ParentNode, boolean>();

  of(img: Element, attributes: ReadonlyMap<string, string>): ImageContext | undefined {
    let link: ImageContext['link'];
    let caption: string | undefined;
    let run: ParentNode | undefined;
    for (let node = img.parentNode; node; node = 'parentNode' in node ? node.parentNode : null) {
      const element = isHtmlElement(node) ? node : undefined;
      if (!element) {
        run ??= node;
        break;
      }
      if (!link && element.tagName === 'a' && hasAttribute(element, 'href'))
        link = { kind: 'link', href: attribute(element, 'href') ?? null, text: this.text(element) };
      else if (!link && element.tagName === 'button') link = { kind: 'button', href: null, text: this.text(element) };
      if (!run && !PHRASING.has(element.tagName)) run = element;
      if (caption === undefined && element.tagName === 'figure') caption = this.figcaption(element, img);
    }
    return contextOf({
      link,
      title: attributes.get('title'),
      caption,
      size: sizeOf(htmlDimension(attributes.get('width')), htmlDimension(attributes.get('height'))),
      besideText: run ? this.hasRunText(run) : false,
    });
  }

  // A figure's caption is its first figcaption child (HTML allows one, first or last), unless the image is in it.
  private figcaption(figure: Element, img: Element): string | undefined {
    const figcaption = figure.childNodes.find((child): child is Element => isHtmlElement(child) && child.tagName === 'figcaption');
    if (!figcaption || contains(figcaption, img)) return undefined;
    return this.text(figcaption);
  }

  /** The visible text inside an element, images and scripts left out, white space collapsed. */
  private text(element: ParentNode): string {
    let text = this.texts.get(element);
    if (text === undefined) {
      const parts: string[] = [];
      collectText(element, parts, false);
      text = collapseWhiteSpace(parts.join(''));
      this.texts.set(element, text);
    }
    return text;
  }

  /** Whether the run of inline content directly in a block (nested blocks left out) has visible text. */
  private hasRunText(block: ParentNode): boolean {
    let has = this.runs.get(block);
    if (has === undefined) {
      const parts: string[] = [];
      collectText(block, parts, true);
      has = /\S/.test(parts.join(''));
      this.runs.set(block, has);
    }
    return has;
  }
}

// An explicit stack: a page of thousands of nested elements must not overflow the call stack.
function collectText(root: ParentNode, parts: string[], skipBlocks: boolean): void {
  const stack: Node[] = [...root.childNodes].reverse();
  while (stack.length) {
    const node = stack.pop()!;
    if (node.nodeName === '#text' && 'value' in node) {
      parts.push(node.value);
      continue;
    }
    if (!('childNodes' in node) || !('tagName' in node)) continue;
    if (NO_TEXT.has(node.tagName)) continue;
    if (skipBlocks && node.namespaceURI === html.NS.HTML && !PHRASING.has(node.tagName)) {
      // A nested block breaks the line, as a space would.
      parts.push(' ');
      continue;
    }
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]);
  }
}

function isHtmlElement(node: Node | ParentNode): node is Element {
  return 'tagName' in node && node.namespaceURI === html.NS.HTML;
}

function hasAttribute(element: Element, name: string): boolean {
  return element.attrs.some((a) => a.name === name);
}

function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((a) => a.name === name)?.value;
}

function contains(ancestor: Element, node: Element): boolean {
  for (let at: ParentNode | null = node.parentNode; at; at = 'parentNode' in at ? at.parentNode : null) if (at === ancestor) return true;
  return false;
}
