export { bindFilter, bindFilterOn, bindPath, FilterError, maxFilterConditions, maxFilterDepth } from './bind.ts';
export type { BoundCondition, BoundFilter, BoundPath, FilterContext, PathResolver, Scalar } from './bind.ts';
export { isEmptyValue, matchesFilter, matchesValue } from './evaluate.ts';
export type { RecordData } from './evaluate.ts';
export { resolvePeriod } from './periods.ts';
export type { DateRange } from './periods.ts';
