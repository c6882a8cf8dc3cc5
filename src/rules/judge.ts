import type { ImageRef } from '../markdown/types';
import { linkPurpose } from '../purpose/linkPurpose';
import { normalize, placeholderVerdict, redundantPrefix } from './altPatterns';
import type { RuleConfig } from './config';
import { RULE_IDS, type Problem, type RuleId } from './types';
import { capitalise } from '../purpose/capitalise';

/** What one rule found on one image, before the configuration gives it a severity. */
interface Hit {
  rule: RuleId;
  message: string;
  suggestion?: string;
}

/**
 * A problem of `rule` at its configured severity, or undefined when the rule is off. For problems
 * found outside this module (`mismatched-alt`, scored by a model), so that they obey the settings
 * like the rest.
 */
export function ruleProblem(config: RuleConfig, rule: RuleId, message: string, suggestion?: string): Problem | undefined {
  const level = config.levels[rule];
  if (level === 'off') return undefined;
  return suggestion === undefined ? { rule, severity: level, message } : { rule, severity: level, message, suggestion };
}

/**
 * The problems of each image of one document, in the order of `images` (a rule such as
 * `duplicate-alt` needs the whole document). Rules that are off report nothing.
 */
export function judgeImages(images: readonly ImageRef[], config: RuleConfig): Problem[][] {
  const duplicates = duplicateAltHits(images);
  return images.map((image, i) => {
    const hits = imageHits(image, config);
    const duplicate = duplicates.get(i);
    if (duplicate) hits.push(duplicate);
    // In the order of the rules' list, as docs/rules.md has them, whichever rule looked first.
    hits.sort((x, y) => RULE_IDS.indexOf(x.rule) - RULE_IDS.indexOf(y.rule));
    return hits.flatMap((hit) => ruleProblem(config, hit.rule, hit.message, hit.suggestion) ?? []);
  });
}

function imageHits(image: ImageRef, config: RuleConfig): Hit[] {
  const hits: Hit[] = [];
  const functional = functionalImageHit(image);
  // The link's missing name is the problem worth one report; the alt-state rules would say it again.
  const nameless = functional !== undefined && config.levels['functional-image'] !== 'off';
  if (functional) hits.push(functional);
  if (!nameless) {
    const state = altStateHit(image, config);
    if (state) hits.push(state);
  }
  // The wording rules judge alt text that says something; a placeholder has its one problem already.
  if (image.altState !== 'ok') return hits;
  const alt = judgedAlt(image);
  if (alt === undefined) return hits;
  const prefix = redundantPrefix(alt);
  if (prefix) {
    hits.push({
      rule: 'redundant-prefix',
      message: `Alt text of image ${imageName(image.src)} starts with "${prefix.prefix}": screen readers already say it is an image`,
      suggestion: capitalise(prefix.rest),
    });
  }
  const length = [...alt.trim()].length;
  if (length > config.options.maxCharacters) {
    hits.push({
      rule: 'alt-too-long',
      message: `Alt text of image ${imageName(image.src)} is ${length} characters long (at most ${config.options.maxCharacters}): keep it short and describe a complex image in the text`,
    });
  }
  const repeated = repeatedText(image, alt);
  if (repeated) {
    hits.push({
      rule: 'alt-repeats-text',
      message: `Alt text of image ${imageName(image.src)} repeats its ${repeated}: screen readers read it twice`,
    });
  }
  return hits;
}

/** missing-alt, empty-alt, placeholder-alt or filename-alt: at most one, from the scanner's alt state. */
function altStateHit(image: ImageRef, config: RuleConfig): Hit | undefined {
  const name = imageName(image.src);
  switch (image.altState) {
    case 'missing':
      if (image.alt === null) return { rule: 'missing-alt', message: `Image ${name} has no alt text` };
      return {
        rule: 'empty-alt',
        message: `Image ${name} has an empty alt text, which in Markdown usually means it was forgotten: describe the image, or mark it decorative`,
      };
    case 'empty':
      return config.options.includeExplicitEmpty
        ? { rule: 'empty-alt', message: `Image ${name} has an empty alt text, which declares it decorative` }
        : undefined;
    case 'placeholder': {
      const verdict = placeholderVerdict(image.alt ?? '', image.src);
      // Without a verdict of its own, the alt matched the configured placeholders.
      const rule = verdict?.rule ?? 'placeholder-alt';
      const reason = image.reason ?? verdict?.reason ?? 'is a placeholder';
      return {
        rule,
        message:
          rule === 'filename-alt'
            ? `The alt text "${image.alt}" of image ${name} is a file name, not a description`
            : `The alt text "${image.alt}" of image ${name} does not describe it: it ${reason}`,
      };
    }
    default:
      return undefined;
  }
}

/** An image that is all a link or button holds, with nothing in its alt to name the link by. */
function functionalImageHit(image: ImageRef): Hit | undefined {
  const link = image.context?.link;
  if (!link || link.text !== '') return undefined;
  if (image.altState === 'ok') return undefined;
  const what = link.kind === 'button' ? 'a button' : link.href ? `a link to ${link.href}` : 'a link';
  const why =
    image.altState === 'missing' || image.altState === 'empty'
      ? image.alt === null
        ? 'has no alt text'
        : 'has an empty alt text'
      : image.altState === 'placeholder'
        ? `has the alt text "${image.alt}", which says nothing`
        : 'is marked decorative';
  const needs = link.kind === 'button' ? 'what the button does' : 'where the link goes';
  const suggestion = link.kind === 'link' ? linkPurpose(link) : undefined;
  return {
    rule: 'functional-image',
    message: `Image ${imageName(image.src)} is the only content of ${what} and ${why}, so it has no name: the alt text must say ${needs}${suggestion ? ` (such as "${suggestion}")` : ''}`,
    suggestion,
  };
}

/** Later images whose alt text an earlier, different image of the document already has. */
function duplicateAltHits(images: readonly ImageRef[]): Map<number, Hit> {
  const first = new Map<string, ImageRef>();
  const hits = new Map<number, Hit>();
  images.forEach((image, i) => {
    if (image.altState !== 'ok') return;
    const alt = judgedAlt(image);
    if (alt === undefined) return;
    const key = comparable(alt);
    if (!key) return;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, image);
      return;
    }
    if (sameImage(earlier.src, image.src) || themeVariants(earlier.src, image.src)) return;
    hits.set(i, {
      rule: 'duplicate-alt',
      message: `Image ${imageName(image.src)} has the same alt text as image ${imageName(earlier.src)} in this document, "${alt.trim()}": say what tells them apart`,
    });
  });
  return hits;
}

/** Which caption or title the alt text repeats, if any. */
function repeatedText(image: ImageRef, alt: string): string | undefined {
  const key = comparable(alt);
  if (!key) return undefined;
  const context = image.context;
  if (context?.caption !== undefined && comparable(context.caption) === key) return 'caption';
  if (context?.title !== undefined && comparable(context.title) === key) return 'title';
  return undefined;
}

/**
 * The alt text the wording rules judge: undefined when there is none, or when MDX computes it
 * (`alt={t('logo')}`), since the text a reader hears is not in the document.
 */
function judgedAlt(image: ImageRef): string | undefined {
  if (image.alt === null || image.alt.trim() === '') return undefined;
  const site = image.altSite;
  if (site?.kind === 'attribute' && site.dialect === 'jsx' && site.value?.quote === '{') return undefined;
  return image.alt;
}

// Case, spacing and closing punctuation do not make two texts different to a listener.
function comparable(text: string): string {
  return normalize(text).replace(/[\s.!?:;,]+$/, '');
}

// The same file written twice, perhaps with another query or fragment, is the same image.
function sameImage(a: string, b: string): boolean {
  const strip = (src: string): string => src.trim().replace(/[?#].*$/s, '');
  return strip(a) === strip(b);
}

// GitHub shows one of `a.png#gh-light-mode-only` and `b.png#gh-dark-mode-only`: one image to a reader.
function themeVariants(a: string, b: string): boolean {
  const theme = (src: string): string | undefined => /#gh-(light|dark)-mode-only$/i.exec(src.trim())?.[1]?.toLowerCase();
  const [ta, tb] = [theme(a), theme(b)];
  return ta !== undefined && tb !== undefined && ta !== tb;
}

/** How a message names an image: its file name, quoted and kept short. */
export function imageName(src: string): string {
  const trimmed = src.trim();
  if (/^data:/i.test(trimmed)) return '(inline data)';
  const withoutQuery = trimmed.replace(/[?#].*$/s, '');
  const name = withoutQuery.slice(withoutQuery.lastIndexOf('/') + 1) || trimmed;
  return `"${name.length > 60 ? `${name.slice(0, 57)}...` : name}"`;
}
