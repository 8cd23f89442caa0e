/**
 * Reading field paths from a record: `amount`, `account.industry` (through many-to-one
 * relations) and `products.line_total` (a column of line items).
 *
 * A relation's value may be the related record itself (an expanded object) or its id; an id is
 * looked up with `context.resolve`, either a function `(relationPath, id) => record` or a map
 * of pre-fetched records `{ [relationPath]: { [id]: record } }`. An id that cannot be resolved
 * reads as null. Only a record's own properties are read, so `constructor` and `__proto__` are
 * just absent fields.
 *
 * When the entity is known (`scope`), values are read by their field's type: numeral text in a
 * numeric field (as PostgreSQL returns `numeric`) is an exact number, and a `Date` in a date
 * field is that day in the evaluation's time zone.
 */
import { isNumericField, type Entity, type Field } from '@pipewright/metadata';
import { formatDate, wallTimeAt } from './calendar.ts';
import { Decimal } from './decimal.ts';
import { ValueProblem } from './errors.ts';
import { asNumber, fromPlain, RecordValue, type Value } from './values.ts';

/** Finds a related record by the relation path from the evaluated record (`account`, `account.owner`, `products.product`) and its id. */
export type RelatedRecordLookup = (
  relationPath: string,
  id: string | number,
) => Readonly<Record<string, unknown>> | null | undefined;

/** Pre-fetched related records: relation path → id → record. */
export type RelatedRecords = Readonly<
  Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>
>;

/** The entity an expression is written against (for a line-item formula: the line-items field's key and fields). */
export interface ExpressionScope {
  entity: { key: string; fields: readonly Field[] };
  /** The other entities of the app, to follow relations (`account.industry`). */
  entities?: readonly Entity[];
}

export interface FieldReaderOptions {
  record: object;
  resolve?: RelatedRecordLookup | RelatedRecords | undefined;
  scope?: ExpressionScope | undefined;
  timeZone: string;
  /** Put before relation paths given to `resolve` (`products.` while computing a line). */
  relationPrefix?: string;
  /** Called with the number of values read, for the evaluation's step budget. */
  charge: (steps: number) => void;
}

type Lookup = (relationPath: string, id: string | number) => object | undefined;

export class FieldReader {
  private readonly root: RecordValue;
  private readonly lookup: Lookup;

  constructor(private readonly options: FieldReaderOptions) {
    this.root = new RecordValue(options.record);
    this.lookup = lookupFrom(options.resolve);
  }

  /**
   * The value at `path`.
   *
   * @example
   * new FieldReader({ record: { account: { industry: 'IT' } }, timeZone: 'Asia/Shanghai', charge: () => {} })
   *   .read(['account', 'industry']) // 'IT'
   */
  read(path: readonly string[]): Value {
    let fields: readonly Field[] | undefined = this.options.scope?.entity.fields;
    let value: Value = this.root;
    let relationPath = this.options.relationPrefix ?? '';
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const field = fields?.find((f) => f.key === segment);
      value = this.step(value, segment, relationPath, field);
      relationPath = i === 0 ? `${relationPath}${segment}` : `${relationPath}.${segment}`;
      fields = this.fieldsBehind(field);
    }
    return value;
  }

  private step(
    value: Value,
    segment: string,
    relationPath: string,
    field: Field | undefined,
  ): Value {
    if (value === null) return null;
    if (value instanceof RecordValue) return this.convert(value.get(segment), field);
    if (Array.isArray(value)) {
      this.options.charge(value.length);
      return value.map((item: Value) => this.step(item, segment, relationPath, field));
    }
    if (typeof value === 'string' || value instanceof Decimal) {
      const related = this.lookup(
        relationPath,
        typeof value === 'string' ? value : (value.toSafeInteger() ?? value.toString()),
      );
      return related === undefined
        ? null
        : this.convert(new RecordValue(related).get(segment), field);
    }
    throw new ValueProblem(
      'expression.type',
      `"${relationPath}" is not a relation, so ".${segment}" cannot be read from it`,
    );
  }

  private convert(raw: unknown, field: Field | undefined): Value {
    if (Array.isArray(raw)) this.options.charge(raw.length);
    if (field !== undefined) {
      if (typeof raw === 'string' && isNumericField(field)) return asNumber(raw) ?? raw;
      if (field.type === 'date' && raw instanceof Date && !Number.isNaN(raw.getTime())) {
        return formatDate(wallTimeAt(raw.getTime(), this.options.timeZone).date);
      }
    }
    return fromPlain(raw);
  }

  private fieldsBehind(field: Field | undefined): readonly Field[] | undefined {
    if (field?.type === 'lineItems') return field.fields;
    if (field?.type === 'relation')
      return this.options.scope?.entities?.find((e) => e.key === field.target)?.fields;
    return undefined;
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function own(container: object, key: string): unknown {
  return Object.hasOwn(container, key) ? (container as Record<string, unknown>)[key] : undefined;
}

function lookupFrom(resolve: RelatedRecordLookup | RelatedRecords | undefined): Lookup {
  if (resolve === undefined) return () => undefined;
  if (typeof resolve === 'function') {
    return (relationPath, id) => {
      const found: unknown = resolve(relationPath, id);
      return isObject(found) ? found : undefined;
    };
  }
  return (relationPath, id) => {
    const byId = own(resolve, relationPath);
    const found = isObject(byId) ? own(byId, String(id)) : undefined;
    return isObject(found) ? found : undefined;
  };
}
