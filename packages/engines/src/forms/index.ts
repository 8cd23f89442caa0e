export { checkFormRules, enforcedForm, formRelations } from './form-rules.ts';
export type { FormRuleInput } from './form-rules.ts';
