import type { Root } from 'mdast';
import type { CompileContext, Extension as FromMarkdownExtension, Token } from 'mdast-util-from-markdown';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';

/** The raw text between `![` and `]`, as offsets into the parsed string. */
export interface AltLabel {
  start: number;
  end: number;
  /** The label as micromark serializes it (container prefixes left out); references match on it. */
  raw: string;
}

declare module 'mdast' {
  interface ImageData {
    altLabel?: AltLabel;
  }
  interface ImageReferenceData {
    altLabel?: AltLabel;
  }
}

// mdast keeps an image's alt only as decoded text; edits need where it is written. The label text
// token knows, so this records it on the image node (which becomes an imageReference later, data kept).
const recordAltLabel: FromMarkdownExtension = {
  enter: {
    labelText(this: CompileContext, token: Token) {
      const owner = this.stack[this.stack.length - 2];
      if (owner?.type !== 'image') return;
      const altLabel = { start: token.start.offset, end: token.end.offset, raw: this.sliceSerialize(token) };
      owner.data = { ...owner.data, altLabel };
    },
  },
};

function remarkAltLabels(this: Processor): undefined {
  const data = this.data();
  (data.fromMarkdownExtensions ??= []).push([recordAltLabel]);
}

const mdxProcessor = unified()
  .use(remarkParse)
  .use(remarkMdx)
  .use(remarkGfm)
  .use(remarkFrontmatter, ['yaml', 'toml'])
  .use(remarkAltLabels)
  .freeze();

/**
 * Parses MDX (with GFM and front matter) into mdast: JSX attributes need the tree that remark-mdx
 * builds. Offsets count from the start of `text`; a leading BOM is dropped by the parser, so callers
 * pass text without it. MDX that is not valid throws.
 */
export function parseMdx(text: string): Root {
  return mdxProcessor.parse(text);
}
