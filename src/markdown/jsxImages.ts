import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { judgeAlt } from './altState';
import { attributeValueSpan, tagNameEnd } from './attributeSource';
import { isAriaDecorative } from './htmlImages';
import type { ScanOptions } from './scanOptions';
import type { AttributeAltSite, ImageRef, OffsetRange } from './types';

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

/** JSX elements that render an image: plain `<img>` and the `<Image>` components of site generators. */
export function isJsxImage(node: JsxElement): boolean {
  return node.name === 'img' || node.name === 'Image';
}

/** What a JSX attribute says, when it can be known without running code. */
type AttributeMeaning = { known: true; value: string } | { known: false; source: string };

/** An MDX `<img>` or `<Image>` element as an image reference. */
export function jsxImageRef(node: JsxElement, text: string, shift: number, options: ScanOptions): ImageRef | undefined {
  const position = node.position;
  if (!position) return undefined;
  const range = { start: position.start.offset! + shift, end: position.end.offset! + shift };
  const attributes = new Map<string, { attribute: MdxJsxAttribute; range?: OffsetRange }>();
  let lastAttributeEnd: number | undefined;
  for (const attribute of node.attributes) {
    const end = attribute.position?.end.offset;
    if (end !== undefined) lastAttributeEnd = end + shift;
    if (attribute.type !== 'mdxJsxAttribute' || attributes.has(attribute.name)) continue;
    const at = attribute.position;
    attributes.set(attribute.name, { attribute, range: at ? { start: at.start.offset! + shift, end: at.end.offset! + shift } : undefined });
  }
  const meaning = (name: string): AttributeMeaning | undefined => {
    const entry = attributes.get(name);
    return entry && attributeMeaning(entry.attribute, entry.range, text);
  };

  const srcMeaning = meaning('src');
  const src = srcMeaning?.known ? srcMeaning.value : srcMeaning ? (imported(srcMeaning.source) ?? '') : '';
  const altMeaning = meaning('alt');
  const role = meaning('role');
  const ariaHidden = meaning('aria-hidden');
  const declaredDecorative = isAriaDecorative(role?.known ? role.value : undefined, ariaHidden?.known ? ariaHidden.value : undefined);

  // An alt computed by code cannot be judged; it is reported as written and left alone.
  const alt = altMeaning === undefined ? null : altMeaning.known ? altMeaning.value : altMeaning.source;
  const judged = altMeaning && !altMeaning.known && !declaredDecorative
    ? { altState: 'ok' as const }
    : judgeAlt({ alt, src, declaredDecorative, emptyMeans: 'empty', extraPlaceholders: options.extraPlaceholders });

  const altAttribute = attributes.get('alt')?.range;
  const srcAttribute = attributes.get('src')?.range;
  const altSite: AttributeAltSite = {
    kind: 'attribute',
    dialect: 'jsx',
    attribute: altAttribute,
    value: altAttribute ? attributeValueSpan(text, altAttribute, 'jsx') : undefined,
    insertAt: srcAttribute?.end ?? lastAttributeEnd ?? tagNameEnd(text, range.start),
  };
  return { range, syntax: 'mdx', src, alt, ...judged, altSite };
}

function attributeMeaning(attribute: MdxJsxAttribute, range: OffsetRange | undefined, text: string): AttributeMeaning {
  const value = attribute.value;
  // A bare JSX attribute is `true`; for alt that says nothing, like HTML's empty `alt`.
  if (value === null || value === undefined) return { known: true, value: attribute.name === 'alt' ? '' : 'true' };
  if (typeof value === 'string') return { known: true, value };
  const literal = stringLiteral(value.value);
  if (literal !== undefined) return { known: true, value: literal };
  if (value.value.trim() === 'true' || value.value.trim() === 'false') return { known: true, value: value.value.trim() };
  const span = range && attributeValueSpan(text, range, 'jsx');
  return { known: false, source: span ? text.slice(span.range.start, span.range.end) : `{${value.value}}` };
}

// `{"a cat"}`, `{'a cat'}` or a template without substitutions: a string in disguise.
function stringLiteral(expression: string): string | undefined {
  const match = /^\s*(["'`])([^"'`\\]*)\1\s*$/.exec(expression);
  if (!match || (match[1] === '`' && match[2].includes('${'))) return undefined;
  return match[2];
}

// `{require('./a.png').default}`, `{useBaseUrl('/img/a.png')}`: the one path the code names.
function imported(source: string): string | undefined {
  const match = /^\{\s*[\w$.]+\(\s*(["'`])([^"'`\\$]*)\1\s*\)(?:\.default)?\s*\}$/.exec(source);
  return match?.[2];
}
