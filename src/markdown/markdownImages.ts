import type { Definition, Image, ImageReference, Nodes, Root } from 'mdast';
import { judgeAlt } from './altState';
import { isHtmlDecorativeMarker, isJsxDecorativeMarker } from './decorativeMarker';
import { imagesInHtmlNode } from './htmlInMarkdown';
import { isJsxImage, jsxImageRef } from './jsxImages';
import type { ScanOptions } from './scanOptions';
import type { ImageRef, ImageSyntax, MarkdownAltSite, OffsetRange } from './types';

export interface MarkdownTree {
  root: Root;
  /** The document text the tree's offsets point into, after `shift`. */
  text: string;
  /** What to add to a tree offset to get a document offset (1 when a BOM was dropped before parsing). */
  shift: number;
  dialect: 'markdown' | 'mdx';
  /** How HTML found in the tree is labelled: 'markdown-html', or 'mdx' when MDX fell back to Markdown. */
  htmlSyntax: ImageSyntax;
}

/** Every image in a parsed Markdown or MDX tree: Markdown images, HTML `<img>`, JSX `<img>`/`<Image>`. */
export function imagesInMarkdownTree(tree: MarkdownTree, options: ScanOptions): ImageRef[] {
  const { text, shift } = tree;
  const markdownImages: Array<Image | ImageReference> = [];
  const definitions = new Map<string, Definition>();
  // Decorative markers by where they start, so an image can look at what immediately follows it.
  const markers = new Map<number, number>();
  const images: ImageRef[] = [];

  const visit = (node: Nodes): void => {
    switch (node.type) {
      case 'image':
      case 'imageReference':
        markdownImages.push(node);
        return;
      case 'definition':
        // The first definition of a label wins.
        if (!definitions.has(node.identifier)) definitions.set(node.identifier, node);
        return;
      case 'html':
        if (isHtmlDecorativeMarker(node.value)) addMarker(markers, node, shift);
        else images.push(...imagesInHtmlNode(node, text, shift, tree.htmlSyntax, options));
        return;
      case 'mdxTextExpression':
        if (isJsxDecorativeMarker(node.value)) addMarker(markers, node, shift);
        return;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement':
        if (isJsxImage(node)) {
          const image = jsxImageRef(node, text, shift, options);
          if (image) images.push(image);
        }
        break;
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree.root);

  for (const node of markdownImages) {
    const image = markdownImageRef(node, tree, definitions, markers, options);
    if (image) images.push(image);
  }
  return images;
}

function addMarker(markers: Map<number, number>, node: Nodes, shift: number): void {
  const position = node.position;
  if (position) markers.set(position.start.offset! + shift, position.end.offset! + shift);
}

function markdownImageRef(
  node: Image | ImageReference,
  tree: MarkdownTree,
  definitions: Map<string, Definition>,
  markers: Map<number, number>,
  options: ScanOptions,
): ImageRef | undefined {
  const { text, shift } = tree;
  const position = node.position;
  if (!position) return undefined;
  const range = { start: position.start.offset! + shift, end: position.end.offset! + shift };
  const altLabel = node.data?.altLabel;
  const label: OffsetRange = altLabel
    ? { start: altLabel.start + shift, end: altLabel.end + shift }
    : { start: range.start + 2, end: range.start + 2 };

  const site: MarkdownAltSite = { kind: 'markdown', dialect: tree.dialect, label };
  let src: string;
  if (node.type === 'imageReference') {
    src = definitions.get(node.identifier)?.url ?? '';
    site.reference = { type: node.referenceType, rawLabel: altLabel?.raw ?? '' };
  } else {
    src = node.url;
  }
  site.decorativeMarker = markerAfter(text, range.end, markers);

  const alt = node.alt ?? '';
  const judged = judgeAlt({
    alt,
    src,
    declaredDecorative: site.decorativeMarker !== undefined,
    emptyMeans: options.emptyMarkdownAlt === 'decorative' ? 'decorative' : 'missing',
    extraPlaceholders: options.extraPlaceholders,
  });
  const syntax: ImageSyntax = node.type === 'imageReference' ? 'markdown-reference' : 'markdown-inline';
  return { range, syntax, src, alt, ...judged, altSite: site };
}

// The marker counts when it follows the image on the same line, with at most spaces or tabs between.
function markerAfter(text: string, imageEnd: number, markers: Map<number, number>): OffsetRange | undefined {
  let i = imageEnd;
  while (text[i] === ' ' || text[i] === '\t') i++;
  const end = markers.get(i);
  return end === undefined ? undefined : { start: i, end };
}
