export * from './types';
export { RULES, RULES_DOCUMENT, type RuleInfo } from './catalog';
export {
  defaultRuleConfig,
  DEFAULT_RULE_OPTIONS,
  isRuleId,
  parseRuleSettings,
  ruleConfig,
  RULE_LEVELS,
  type RuleConfig,
  type RuleOptions,
  type RuleSettings,
} from './config';
export { judgeImages, ruleProblem, imageName } from './judge';
export { placeholderVerdict, looksLikeFileName, redundantPrefix, IMAGE_EXTENSIONS } from './altPatterns';
export { ruleHelpUrl } from './helpUrl';
