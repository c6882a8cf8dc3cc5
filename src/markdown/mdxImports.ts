import type { Root } from 'mdast';

// `import shot from './a.png'`, `import shot from "@site/static/img/a.png"`: default imports of files.
const DEFAULT_IMPORT = /\bimport\s+([A-Za-z_$][\w$]*)\s*(?:,\s*\{[^}]*\}\s*)?from\s*(["'])([^"'\r\n]+)\2/g;
// Only files that are images can stand for an image's source.
const IMAGE_FILE = /\.(?:png|jpe?g|gif|webp|avif|svg|bmp|ico|tiff?)(?:[?#].*)?$/i;

/** The image files an MDX document imports by name, from its top-level ESM. */
export function importedPaths(root: Root): Map<string, string> {
  const imports = new Map<string, string>();
  for (const node of root.children) {
    if (node.type !== 'mdxjsEsm') continue;
    for (const match of node.value.matchAll(DEFAULT_IMPORT)) {
      if (IMAGE_FILE.test(match[3])) imports.set(match[1], match[3]);
    }
  }
  return imports;
}
