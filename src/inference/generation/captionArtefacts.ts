// BLIP's known artefacts. The captioning checkpoints were trained on web captions that contain the
// scraping artefact "arafed" and its spellings; the model reproduces them ("an arafed man riding a
// horse"). Greedy and beam decoding without a repetition penalty also loop on words and phrases.
// None of this carries meaning for a reader, so it is removed before the text becomes alt text.

/** "arafed", "araffe", "arafian", "araffy", "arafly", ... : "ara" + f + anything. */
const ARAFED = /^ara+f+[a-z]*$/i;

/** Captions that open by saying something exists: "there is a dog ..." reads as "a dog ...". */
const THERE_IS = /^there\s+(?:is|are)\s+/i;

/** The longest repeated phrase, in words, that is collapsed ("a man riding a man riding" -> "a man riding"). */
const LONGEST_REPEAT = 6;

export function removeArtefacts(text: string): string {
  let words = text.split(' ').filter((w) => w !== '');
  words = dropArafed(words);
  words = collapseRepeats(words);
  let caption = words.join(' ');
  caption = caption.replace(THERE_IS, '');
  return caption;
}

/** Drops the artefact words and repairs the article before them ("an arafed man" -> "a man"). */
function dropArafed(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const { core } = splitPunctuation(words[i]);
    if (!ARAFED.test(core)) {
      out.push(words[i]);
      continue;
    }
    const previous = out.length - 1;
    const next = words[i + 1];
    if (previous >= 0 && /^an?$/i.test(out[previous]) && next !== undefined) out[previous] = articleFor(next, out[previous]);
  }
  return out;
}

/** "a" or "an" for the word that follows, keeping the case of the article it replaces. */
function articleFor(word: string, article: string): string {
  // Spelling decides, not sound ("an hour", "a unicorn" are rare in captions and read acceptably).
  const an = /^[aeiou]/i.test(word);
  const chosen = an ? 'an' : 'a';
  return article[0] === article[0].toUpperCase() ? chosen[0].toUpperCase() + chosen.slice(1) : chosen;
}

/** Removes immediate repetitions of a word or a phrase of up to LONGEST_REPEAT words. */
function collapseRepeats(words: string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    out.push(word);
    for (let n = Math.min(LONGEST_REPEAT, Math.floor(out.length / 2)); n >= 1; n--) {
      if (samePhrase(out, out.length - 2 * n, out.length - n, n)) {
        out.length -= n;
        break;
      }
    }
  }
  return out;
}

function samePhrase(words: string[], a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (words[a + k].toLowerCase() !== words[b + k].toLowerCase()) return false;
  return true;
}

function splitPunctuation(word: string): { core: string } {
  return { core: word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '') };
}
