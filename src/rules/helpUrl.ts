import { docsUrl } from './projectUrl';
import { RULES_DOCUMENT } from './catalog';
import type { RuleId } from './types';

/** The rule's section in docs/rules.md on the project's site: the diagnostic's link and SARIF's helpUri. */
export function ruleHelpUrl(id: RuleId): string {
  return docsUrl(RULES_DOCUMENT, id);
}
