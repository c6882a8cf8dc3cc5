import type { Definition, Image, ImageReference, Nodes, Root } from 'mdast';
import { isJsxDecorativeMarker } from './decorativeMarker';
import { isJsxImage, jsxImageRef } from './jsxImages';
import { markdownImageRef, markerAfter } from './markdownImage';
import { importedPaths } from './mdxImports';
import type { ScanOptions } from './scanOptions';
import type { ImageRef } from './types';

export interface MdxTree {
  root: Root;
  /** The whole document text, BOM included if it has one. */
  text: string;
  /** What to add to a tree offset to get a document offset (1 when a BOM was dropped before parsing). */
  shift: number;
}

/** Every image in an MDX tree: Markdown images and JSX `<img>`/`<Image>` elements. MDX has no raw HTML. */
export function imagesInMdxTree(tree: MdxTree, options: ScanOptions): ImageRef[] {
  const { text, shift } = tree;
  const markdownImages: Array<Image | ImageReference> = [];
  const definitions = new Map<string, Definition>();
  // Decorative markers by where they start, so an image can look at what immediately follows it.
  const markers = new Map<number, number>();
  const images: ImageRef[] = [];
  // `import shot from './a.png'` names the image a later `src={shot}` shows.
  const imports = importedPaths(tree.root);

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
      case 'mdxTextExpression':
        if (isJsxDecorativeMarker(node.value) && node.position)
          markers.set(node.position.start.offset! + shift, node.position.end.offset! + shift);
        return;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement':
        if (isJsxImage(node, options)) {
          const image = jsxImageRef(node, text, shift, options, imports);
          if (image) images.push(image);
        }
        break;
    }
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree.root);

  for (const node of markdownImages) {
    const position = node.position;
    if (!position) continue;
    const range = { start: position.start.offset! + shift, end: position.end.offset! + shift };
    const altLabel = node.data?.altLabel;
    images.push(
      markdownImageRef(
        {
          range,
          label: altLabel && { start: altLabel.start + shift, end: altLabel.end + shift, raw: altLabel.raw },
          reference: node.type === 'imageReference' ? node.referenceType : undefined,
          src: node.type === 'imageReference' ? (definitions.get(node.identifier)?.url ?? '') : node.url,
          alt: node.alt ?? '',
          dialect: 'mdx',
          decorativeMarker: markerAfter(text, range.end, markers),
        },
        options,
      ),
    );
  }
  return images;
}
