export { bindFilter, bindPath, FilterError, maxFilterConditions, maxFilterDepth } from './bind.ts';
export type { BoundCondition, BoundFilter, BoundPath, FilterContext, Scalar } from './bind.ts';
export { isEmptyValue, matchesFilter } from './evaluate.ts';
export type { RecordData } from './evaluate.ts';
export { resolvePeriod } from './periods.ts';
export type { DateRange } from './periods.ts';
