/**
 * The plan of a report: every path resolved to a column, every filter bound, every parameter
 * checked, every derived measure linked to what it derives from. Plain data, the one input of the
 * runtime's SQL compiler (`compileReportQuery`) and of the studio's preview. See `planReport`.
 */
import type { Field, ReportParameter } from '@pipewright/metadata';
import type { ValueFamily } from '../fields/field-type.ts';
import type { BoundFilter, BoundPath } from '../filter/bind.ts';

/** Where the rows of a join come from. */
export type PlannedJoin =
  | { key: string; type: 'left' | 'inner'; kind: 'manyToOne'; field: string; entity: string }
  | { key: string; type: 'left' | 'inner'; kind: 'oneToMany'; inverse: string; entity: string }
  | { key: string; type: 'left' | 'inner'; kind: 'lineItems'; field: string };

/**
 * A value of a report row: a path from the source entity, from a join's rows, or a column of the
 * field history (`history.value`, `history.from`, `history.until`).
 */
export type PlannedColumn =
  | { scope: 'entity'; path: BoundPath }
  | { scope: 'join'; join: string; path: BoundPath }
  | { scope: 'history'; column: 'value' | 'from' | 'until'; family: ValueFamily };

export interface PlannedDimension {
  key: string;
  label?: unknown;
  column: PlannedColumn;
  bucket?: 'day' | 'week' | 'month' | 'quarter' | 'year' | undefined;
  step?: number | undefined;
  /** Group a user by their department. */
  department?: boolean | undefined;
  /** A select's option values, in their order (sorting follows it). */
  options?: string[] | undefined;
  /** What the result's column holds. */
  type: ReportValueType;
}

export type ReportValueType = 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime' | 'user' | 'department' | 'record' | 'select' | 'list';

/** What an aggregate reads from each row: a column, or the days from one date column to another. */
export type PlannedValue = { kind: 'column'; column: PlannedColumn } | { kind: 'days'; from: PlannedColumn; to: PlannedColumn };

export type PlannedMeasure =
  | { key: string; kind: 'aggregate'; aggregate: 'count' | 'countDistinct' | 'sum' | 'avg' | 'min' | 'max'; value?: PlannedValue | undefined; filter?: BoundFilter | undefined; type: ReportValueType }
  | { key: string; kind: 'ratio'; numerator: string; denominator: string; type: 'number' }
  | { key: string; kind: 'runningTotal' | 'share' | 'ratioToPrevious'; of: string; along: string | undefined; type: 'number' }
  | { key: string; kind: 'change'; of: string; along: string; compare: 'yoy' | 'mom'; type: 'number' }
  | { key: string; kind: 'target'; type: 'number' };

/** A department parameter: rows whose user column names a member of the department or below. */
export interface DepartmentCondition {
  path: BoundPath;
  departmentId: number;
}

export interface PlannedTarget {
  key: string;
  entity: string;
  value: BoundPath;
  /** Pairs a report dimension with the target entity's column holding the same value. */
  match: { dimension: string; path: BoundPath }[];
  filter?: BoundFilter | undefined;
}

export interface ReportPlan {
  key: string;
  entity: string;
  /** Rows are the values one field held over time instead of the records. */
  history?: { field: string; family: ValueFamily } | undefined;
  joins: PlannedJoin[];
  dimensions: PlannedDimension[];
  measures: PlannedMeasure[];
  /** The report's filter and its parameters' conditions, on the source entity. */
  filter: BoundFilter;
  departments: DepartmentCondition[];
  sort: { column: string; desc: boolean }[];
  limit?: number | undefined;
  top?: { dimension: string; n: number; by: string; others: boolean } | undefined;
  pivot?: { rows: string[]; columns: string[] } | undefined;
  target?: PlannedTarget | undefined;
  timeZone: string;
  fiscalYearStartMonth: number;
  /** The result's columns, dimensions first, in the report's order. */
  columns: ReportColumn[];
  /** The values the parameters took (defaults filled in), for caching and display. */
  parameters: Record<string, unknown>;
}

export interface ReportColumn {
  key: string;
  kind: 'dimension' | 'measure';
  type: ReportValueType;
  label?: unknown;
  /** For select dimensions: the option values and labels, in order. */
  options?: { value: string; label: unknown }[] | undefined;
}

export type { Field, ReportParameter };
