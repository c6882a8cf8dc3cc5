/**
 * The rules that judge an image's alt text. Each id is stable: it is the diagnostic code in the
 * editor, the SARIF `ruleId`, the `rule` of a problem in `check --format json`, the key in the
 * settings and the anchor of its help in docs/rules.md.
 */
export const RULE_IDS = [
  'missing-alt',
  'empty-alt',
  'placeholder-alt',
  'filename-alt',
  'redundant-prefix',
  'alt-too-long',
  'duplicate-alt',
  'alt-repeats-text',
  'functional-image',
  'mismatched-alt',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

/** How much a problem weighs: `check` fails on errors, counts warnings against `--max-warnings`. */
export type ProblemSeverity = 'error' | 'warning' | 'info';

/** What a writer may configure per rule. */
export type RuleLevel = ProblemSeverity | 'off';

/** One thing wrong with one image's alt text. */
export interface Problem {
  rule: RuleId;
  severity: ProblemSeverity;
  /** Says what is wrong and why, in the writer's terms. */
  message: string;
  /**
   * A replacement alt the rule can offer without a model (a link's purpose for `functional-image`,
   * a badge's label), when it has one.
   */
  suggestion?: string;
}
