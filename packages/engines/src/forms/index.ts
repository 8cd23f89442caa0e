export { checkFormRules, enforcedForm } from './form-rules.ts';
export type { FormRuleInput } from './form-rules.ts';
