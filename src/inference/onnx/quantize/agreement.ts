/**
 * How often a quantized pack picks the same tokens as float32: the share of positions, after the
 * start token and prompt (`skip`), where two greedy sequences of the same images hold the same id.
 * Sequences are compared position by position up to the longer one's length, so a caption that ends
 * early or late counts its missing positions as different. Once two sequences part, the later
 * positions usually differ too: that is what a reader of the caption sees.
 */
export function tokenAgreement(reference: readonly (readonly number[])[], candidate: readonly (readonly number[])[], skip = 1): number {
  if (reference.length !== candidate.length) throw new Error(`${reference.length} reference sequences but ${candidate.length} to compare`);
  let same = 0;
  let total = 0;
  reference.forEach((ref, i) => {
    const other = candidate[i];
    for (let p = skip; p < Math.max(ref.length, other.length); p++) {
      total++;
      if (ref[p] !== undefined && ref[p] === other[p]) same++;
    }
  });
  return total === 0 ? 1 : same / total;
}
