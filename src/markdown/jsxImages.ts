import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { judgeAlt } from './altState';
import { attributeValueSpan, tagNameEnd } from './attributeSource';
import { isAriaDecorative } from './htmlImages';
import { addContext, htmlDimension, sizeOf } from './imageContext';
import { DEFAULT_MDX_IMAGE_COMPONENTS, type ScanOptions } from './scanOptions';
import type { AttributeAltSite, ImageRef, OffsetRange } from './types';

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

/** JSX elements that render an image: `<img>` and the image components of site generators (a setting). */
export function isJsxImage(node: JsxElement, options: ScanOptions = {}): boolean {
  return node.name !== null && (options.mdxImageComponents ?? DEFAULT_MDX_IMAGE_COMPONENTS).includes(node.name);
}

/** What a JSX attribute says, when it can be known without running code. */
type AttributeMeaning = { known: true; value: string } | { known: false; source: string };

/** An MDX `<img>` or `<Image>` element as an image reference. */
export function jsxImageRef(
  node: JsxElement,
  text: string,
  shift: number,
  options: ScanOptions,
  imports: ReadonlyMap<string, string> = new Map(),
): ImageRef | undefined {
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

  // Docusaurus's ThemedImage takes `sources={{ light, dark }}`; the light one stands for both.
  const srcMeaning = meaning('src') ?? themedSource(meaning('sources'));
  const src = srcMeaning?.known ? srcMeaning.value : srcMeaning ? (pathOfExpression(srcMeaning.source, imports) ?? '') : '';
  const altMeaning = meaning('alt');
  const role = meaning('role');
  const ariaHidden = meaning('aria-hidden');
  const declaredDecorative = isAriaDecorative(role?.known ? role.value : undefined, ariaHidden?.known ? ariaHidden.value : undefined);

  // An alt computed by code cannot be judged; it is reported as written and left alone.
  const alt = altMeaning === undefined ? null : altMeaning.known ? altMeaning.value : altMeaning.source;
  const judged =
    altMeaning && !altMeaning.known && !declaredDecorative
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
  const image: ImageRef = { range, syntax: 'mdx', src, alt, ...judged, altSite };
  const title = meaning('title');
  const dimension = (name: string): number | undefined => {
    const value = meaning(name);
    if (!value) return undefined;
    // `width={300}` is a number; `width="300"` a string React passes on as the attribute.
    return value.known ? htmlDimension(value.value) : htmlDimension(/^\{\s*(\d+(?:\.\d+)?)\s*\}$/.exec(value.source)?.[1]);
  };
  return addContext(image, {
    title: title?.known ? title.value : undefined,
    size: sizeOf(dimension('width'), dimension('height')),
  });
}

/** A JSX attribute's value when it is a string (or a string literal in braces); undefined otherwise or when absent. */
export function jsxStringAttribute(node: JsxElement, name: string): string | undefined {
  for (const attribute of node.attributes) {
    if (attribute.type !== 'mdxJsxAttribute' || attribute.name !== name) continue;
    const value = attribute.value;
    if (typeof value === 'string') return value;
    if (value && typeof value === 'object') return stringLiteral(value.value);
    return undefined;
  }
  return undefined;
}

/** Whether a JSX element has the attribute at all, whatever its value. */
export function hasJsxAttribute(node: JsxElement, name: string): boolean {
  return node.attributes.some((attribute) => attribute.type === 'mdxJsxAttribute' && attribute.name === name);
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

// `{require('./a.png').default}`, `{useBaseUrl('/img/a.png')}`, `{shot}` after `import shot from
// './a.png'` (or `{shot.src}`, as Next.js and Astro write it): the one path the code names.
function pathOfExpression(source: string, imports: ReadonlyMap<string, string>): string | undefined {
  const call = /^\{?\s*[\w$.]+\(\s*(["'`])([^"'`\\$]*)\1\s*\)(?:\.default)?\s*\}?$/.exec(source);
  if (call) return call[2];
  const literal = /^\{?\s*(["'`])([^"'`\\$]*)\1\s*\}?$/.exec(source);
  if (literal) return literal[2];
  const name = /^\{?\s*([A-Za-z_$][\w$]*)(?:\.(?:src|default))?\s*\}?$/.exec(source)?.[1];
  return name === undefined ? undefined : imports.get(name);
}

// `{{ light: useBaseUrl('/img/l.png'), dark: ... }}`: the expression given for `light`.
function themedSource(sources: AttributeMeaning | undefined): AttributeMeaning | undefined {
  if (!sources || sources.known) return undefined;
  const light = /\blight\s*:\s*((?:[\w$.]+\(\s*)?(["'`])[^"'`\\$]*\2(?:\s*\))?(?:\.default)?|[A-Za-z_$][\w$]*(?:\.(?:src|default))?)/.exec(
    sources.source,
  );
  return light ? { known: false, source: light[1] } : undefined;
}
