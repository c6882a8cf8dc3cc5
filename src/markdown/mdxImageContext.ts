import type { Definition, Nodes, Parents } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { collapseWhiteSpace } from './imageContext';
import { hasJsxAttribute, isJsxImage, jsxStringAttribute } from './jsxImages';
import type { ScanOptions } from './scanOptions';
import type { ImageContext } from './types';

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

// Markdown's inline runs: an image there shares its line with the text around it.
const RUNS = new Set(['paragraph', 'heading', 'tableCell']);

/**
 * What surrounds an image in an MDX tree, from its ancestors: the Markdown link, JSX `<a href>`,
 * `<Link>` (`href` or `to`, as Next.js and Docusaurus name it) or `<button>` it sits in, the
 * `<figcaption>` of a JSX `<figure>`, and whether its paragraph holds other text. Text is
 * collected once per node.
 */
export class MdxImageContext {
  private readonly texts = new Map<Nodes, string>();

  constructor(
    private readonly definitions: ReadonlyMap<string, Definition>,
    private readonly options: ScanOptions,
  ) {}

  of(ancestors: readonly Parents[], image: Nodes): Pick<ImageContext, 'link' | 'caption' | 'besideText'> {
    let link: ImageContext['link'];
    let caption: string | undefined;
    let besideText: boolean | undefined;
    for (let k = ancestors.length - 1; k >= 0; k--) {
      const node = ancestors[k];
      if (!link) link = this.link(node);
      if (besideText === undefined && RUNS.has(node.type)) besideText = /\S/.test(this.text(node));
      if (caption === undefined && isJsx(node) && node.name === 'figure') {
        const figcaption = figcaptionOf(node);
        if (figcaption && !ancestors.includes(figcaption) && figcaption !== image) caption = this.text(figcaption);
      }
    }
    return { link, caption, besideText };
  }

  private link(node: Parents): ImageContext['link'] {
    if (node.type === 'link') return { kind: 'link', href: node.url, text: this.text(node) };
    if (node.type === 'linkReference')
      return { kind: 'link', href: this.definitions.get(node.identifier)?.url ?? '', text: this.text(node) };
    if (!isJsx(node)) return undefined;
    if (node.name === 'a' && hasJsxAttribute(node, 'href'))
      return { kind: 'link', href: jsxStringAttribute(node, 'href') ?? null, text: this.text(node) };
    if (node.name === 'Link' && (hasJsxAttribute(node, 'href') || hasJsxAttribute(node, 'to')))
      return { kind: 'link', href: jsxStringAttribute(node, 'href') ?? jsxStringAttribute(node, 'to') ?? null, text: this.text(node) };
    if (node.name === 'button') return { kind: 'button', href: null, text: this.text(node) };
    return undefined;
  }

  /** The visible text under a node, images (Markdown and JSX) left out, white space collapsed. */
  private text(node: Nodes): string {
    let text = this.texts.get(node);
    if (text === undefined) {
      const parts: string[] = [];
      const stack: Nodes[] = [node];
      while (stack.length) {
        const at = stack.pop()!;
        if (at.type === 'text' || at.type === 'inlineCode') parts.push(at.value);
        else if (at.type === 'break') parts.push(' ');
        else if (at.type === 'image' || at.type === 'imageReference' || (isJsx(at) && isJsxImage(at, this.options))) parts.push(' ');
        else if ('children' in at) for (let i = at.children.length - 1; i >= 0; i--) stack.push(at.children[i]);
      }
      text = collapseWhiteSpace(parts.join(''));
      this.texts.set(node, text);
    }
    return text;
  }
}

function isJsx(node: Nodes): node is JsxElement {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
}

// A `<figcaption>` on a line of its own is a JSX text element in a paragraph of the figure.
function figcaptionOf(figure: JsxElement): JsxElement | undefined {
  for (const child of figure.children) {
    if (isJsx(child) && child.name === 'figcaption') return child;
    if (child.type === 'paragraph') {
      const inner = child.children.find((c): c is MdxJsxTextElement => c.type === 'mdxJsxTextElement' && c.name === 'figcaption');
      if (inner) return inner;
    }
  }
  return undefined;
}
