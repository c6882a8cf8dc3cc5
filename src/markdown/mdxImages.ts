import type { Definition, Image, ImageReference, Nodes, Parents, Root } from 'mdast';
import { isJsxDecorativeMarker } from './decorativeMarker';
import { addContext } from './imageContext';
import { isJsxImage, jsxImageRef } from './jsxImages';
import { markdownImageRef, markerAfter } from './markdownImage';
import { MdxImageContext } from './mdxImageContext';
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
  const markdownImages: Array<{ node: Image | ImageReference; ancestors: Parents[] }> = [];
  const jsxImages: Array<{ node: Nodes; image: ImageRef; ancestors: Parents[] }> = [];
  const ancestors: Parents[] = [];
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
        markdownImages.push({ node, ancestors: [...ancestors] });
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
          if (image) {
            images.push(image);
            jsxImages.push({ node, image, ancestors: [...ancestors] });
          }
        }
        break;
    }
    if ('children' in node) {
      ancestors.push(node);
      for (const child of node.children) visit(child);
      ancestors.pop();
    }
  };
  visit(tree.root);

  // Link references find their definitions anywhere in the document, so context waits for the whole walk.
  const surroundings = new MdxImageContext(definitions, options);
  for (const { node, image, ancestors } of jsxImages) addContext(image, surroundings.of(ancestors, node));

  for (const { node, ancestors } of markdownImages) {
    const position = node.position;
    if (!position) continue;
    const range = { start: position.start.offset! + shift, end: position.end.offset! + shift };
    const altLabel = node.data?.altLabel;
    const image = markdownImageRef(
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
    );
    const title = node.type === 'image' ? node.title : definitions.get(node.identifier)?.title;
    images.push(addContext(image, { ...surroundings.of(ancestors, node), title: title ?? undefined }));
  }
  return images;
}
