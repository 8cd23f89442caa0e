/**
 * Turns a client's record body into values ready to store: schema validation, defaults, normalisation,
 * field checks and required fields, all reported together. Pure: the runtime adds what needs the
 * database (unique checks, auto-numbers, existence of related records).
 *
 * @example
 * const validator = new RecordInputValidator(entity);
 * const input = validator.prepare(body, 'create', { userId: 7, now: new Date() });
 */
import type { Entity, Field, LineItemsField } from '@pipewright/metadata';
import { describeSchemaErrors, linearRegExp, nulCharacterProblems } from '@pipewright/metadata';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { dateIn, defaultTimeZone } from '../clock.ts';
import { RecordValidationError, type Problem } from '../errors.ts';
import { isEmptyValue } from '../filter/evaluate.ts';
import { fieldTypeOf } from '../fields/registry.ts';
import { recordInputSchema, type InputMode } from './input-schema.ts';

export interface WriteContext {
  userId: number;
  departmentId?: number;
  now: Date;
  timeZone?: string;
}

export interface PreparedInput {
  /** Values of fields stored on the record table, normalised, keyed by field key (plus owner_id). */
  values: Record<string, unknown>;
  /** Line items given in the body, keyed by the line-items field, each line normalised. */
  lineItems: Record<string, Record<string, unknown>[]>;
  /** Target ids of many-to-many relations given in the body. */
  links: Record<string, number[]>;
}

type FormatsPlugin = (ajv: Ajv2020) => Ajv2020;
const addFormats: FormatsPlugin =
  (formatsPlugin as unknown as { default?: FormatsPlugin }).default ?? (formatsPlugin as unknown as FormatsPlugin);
// ownProperties: a field keyed `constructor` is absent unless the body has it (not Object's
// constructor). Patterns run on RE2, in linear time (decision 013).
const ajv = new Ajv2020({ allErrors: true, strict: false, ownProperties: true, code: { regExp: linearRegExp } });
addFormats(ajv);
ajv.addKeyword({ keyword: 'x-scale', schemaType: 'number' });

export class RecordInputValidator {
  private readonly validate: ValidateFunction;

  constructor(readonly entity: Entity) {
    this.validate = ajv.compile(recordInputSchema(entity));
  }

  /** Validates and prepares a body; throws `RecordValidationError` listing every problem. */
  prepare(body: unknown, mode: InputMode, context: WriteContext): PreparedInput {
    const problems: Problem[] = [];
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new RecordValidationError([{ path: '', code: 'schema.type', message: 'must be an object' }]);
    }
    const input = body as Record<string, unknown>;
    for (const field of this.entity.fields) {
      if (Object.hasOwn(input, field.key) && !fieldTypeOf(field).writable) {
        problems.push({ path: `/${field.key}`, code: 'record.readOnly', message: `is computed by the server and cannot be written` });
      }
    }
    problems.push(...nulCharacterProblems(input, 'record.invalidCharacter'));
    const reported = new Set(problems.map((p) => p.path));
    if (!this.validate(input)) {
      problems.push(...describeSchemaErrors(this.validate.errors ?? []).filter((p) => !reported.has(p.path)));
    }
    if (problems.length > 0) throw new RecordValidationError(problems);

    const prepared: PreparedInput = { values: {}, lineItems: {}, links: {} };
    if (input.owner_id !== undefined) prepared.values.owner_id = input.owner_id;
    const values = prepareFields(this.entity.fields, input, mode, context, '', problems);
    for (const field of this.entity.fields) {
      if (!Object.hasOwn(values, field.key)) continue;
      if (field.type === 'lineItems') prepared.lineItems[field.key] = values[field.key] as Record<string, unknown>[];
      else if (field.type === 'relation' && field.kind === 'manyToMany') prepared.links[field.key] = (values[field.key] as number[] | null) ?? [];
      else prepared.values[field.key] = values[field.key];
    }
    if (problems.length > 0) throw new RecordValidationError(problems);
    return prepared;
  }
}

function prepareFields(
  fields: Field[],
  input: Record<string, unknown>,
  mode: InputMode,
  context: WriteContext,
  at: string,
  problems: Problem[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const type = fieldTypeOf(field);
    if (!type.writable) continue;
    if (field.type === 'relation' && field.kind === 'oneToMany') continue;
    const path = `${at}/${field.key}`;
    let value = Object.hasOwn(input, field.key) ? input[field.key] : undefined;
    if (value === undefined && mode === 'create') value = defaultValue(field, context);
    if (value === undefined) continue;
    if (field.type === 'lineItems') {
      out[field.key] = prepareLines(field, value as Record<string, unknown>[] | null, context, path, problems);
      continue;
    }
    if (value !== null) {
      value = type.normalize ? type.normalize(value, field) : value;
      const message = type.check?.(value, field);
      if (message) problems.push({ path, code: 'record.invalidValue', message });
    }
    if (field.required && isEmptyValue(value)) {
      problems.push({ path, code: 'record.required', message: 'is required' });
    }
    out[field.key] = value;
  }
  if (mode === 'create') {
    for (const field of fields) {
      if (field.required && !Object.hasOwn(out, field.key) && fieldTypeOf(field).writable && field.type !== 'lineItems') {
        if (field.type === 'relation' && field.kind === 'oneToMany') continue;
        problems.push({ path: `${at}/${field.key}`, code: 'record.required', message: 'is required' });
      }
    }
  }
  return out;
}

function prepareLines(
  field: LineItemsField,
  lines: Record<string, unknown>[] | null,
  context: WriteContext,
  at: string,
  problems: Problem[],
): Record<string, unknown>[] {
  const list = lines ?? [];
  if (field.required && list.length === 0) problems.push({ path: at, code: 'record.required', message: 'needs at least one line' });
  // Lines are written whole: each line is validated as a new record of the child table.
  return list.map((line, i) => prepareFields(field.fields, line, 'create', context, `${at}/${i}`, problems));
}

/** A field's default at creation time, or undefined when it has none. */
export function defaultValue(field: Field, context: WriteContext): unknown {
  if (!('default' in field) || field.default === undefined) return undefined;
  const value: unknown = field.default;
  switch (value) {
    case 'today':
      return field.type === 'date' ? dateIn(context.now, context.timeZone ?? defaultTimeZone) : value;
    case 'now':
      return field.type === 'datetime' ? context.now.toISOString() : value;
    case 'currentUser':
      return field.type === 'user' ? (field.multiple ? [context.userId] : context.userId) : value;
    case 'currentUserDepartment':
      if (field.type !== 'department') return value;
      if (context.departmentId === undefined) return undefined;
      return field.multiple ? [context.departmentId] : context.departmentId;
    default:
      return Array.isArray(value) ? [...(value as unknown[])] : value;
  }
}
