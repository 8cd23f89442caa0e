/**
 * Duplicate rules (entity `duplicateRules`): which stored records a new record (or a draft)
 * matches, on normalised keys compared in SQL by `pipewright.duplicate_key`, exactly or by
 * pg_trgm similarity, across the rule's target entities. A match is named (entity, id, title)
 * only when the caller may read it; the others are only counted (decision 105).
 *
 * @example
 * const findings = await findDuplicates(db, model, 'lead', { company: '星辰科技有限公司' }, { guard, trigram: true });
 * // [{ rule: 'lead_duplicates', action: 'alert', matches: [{ entity: 'account', id: 3, title: '上海星辰科技', keys: ['company'] }], hidden: 1 }]
 */
import { duplicateKey, PipewrightError, type Problem } from '@pipewright/engines';
import type { DuplicateRule, Label } from '@pipewright/metadata';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AppModel } from '../apps/app-model.ts';
import type { DynamicTables } from '../database/index.ts';
import type { RecordGuard } from '../permissions/record-guard.ts';

/** Matches named per target entity at most; the rest are counted. */
const namedPerTarget = 20;

export interface DuplicateMatch {
  entity: string;
  id: number;
  /** The record's title, when the caller may read its title field. */
  title: string | null;
  /** The keys (fields of the checked entity) that matched. */
  keys: string[];
}

export interface DuplicateFinding {
  rule: string;
  label: Label;
  action: 'alert' | 'block';
  /** Records the caller may read, named. */
  matches: DuplicateMatch[];
  /** Matching records the caller may not read: counted, never named. */
  hidden: number;
}

export interface DuplicateSearch {
  /** The caller's guard; undefined or unrestricted for trusted callers. */
  guard?: RecordGuard | undefined;
  /** Whether `pg_trgm` is installed; without it a fuzzy key compares by containment. */
  trigram: boolean;
  /** The record itself, left out of its own matches. */
  excludeId?: number | undefined;
}

/** Refused create: a `block` rule matched (422). */
export class DuplicateRecordError extends PipewrightError {
  constructor(problems: readonly Problem[], readonly findings: readonly DuplicateFinding[]) {
    super('record.duplicate', `The record duplicates existing records: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, problems);
    this.name = 'DuplicateRecordError';
  }
}

/** The findings of every enabled duplicate rule of `entityKey` that matched something. */
export async function findDuplicates(db: Kysely<DynamicTables>, model: AppModel, entityKey: string, values: Record<string, unknown>, search: DuplicateSearch): Promise<DuplicateFinding[]> {
  const findings: DuplicateFinding[] = [];
  for (const rule of model.entity(entityKey).duplicateRules ?? []) {
    if (rule.enabled === false) continue;
    const finding = await findForRule(db, model, entityKey, rule, values, search);
    if (finding.matches.length > 0 || finding.hidden > 0) findings.push(finding);
  }
  return findings;
}

/** The problems of the findings of `block` rules, one per matched key, for a 422 answer. */
export function blockingProblems(findings: readonly DuplicateFinding[], prefix = ''): Problem[] {
  const problems: Problem[] = [];
  for (const finding of findings.filter((f) => f.action === 'block')) {
    const keys = [...new Set(finding.matches.flatMap((m) => m.keys))];
    const named = finding.matches.map((m) => `${m.entity} ${m.id}${m.title ? ` "${m.title}"` : ''}`).join(', ');
    const hidden = finding.hidden > 0 ? `${named ? ' and ' : ''}${finding.hidden} record(s) you cannot open` : '';
    for (const key of keys.length > 0 ? keys : ['']) {
      problems.push({ path: `${prefix}${key ? `/${key}` : ''}`, code: 'record.duplicate', message: `matches ${named}${hidden} (rule ${finding.rule})` });
    }
  }
  return problems;
}

async function findForRule(db: Kysely<DynamicTables>, model: AppModel, entityKey: string, rule: DuplicateRule, values: Record<string, unknown>, search: DuplicateSearch): Promise<DuplicateFinding> {
  const finding: DuplicateFinding = { rule: rule.key, label: rule.label, action: rule.action ?? 'alert', matches: [], hidden: 0 };
  const keys = rule.keys
    .map((key) => ({ ...key, kind: key.normalise ?? 'text', value: duplicateKey(key.normalise ?? 'text', values[key.field]) }))
    .filter((key): key is typeof key & { value: string } => key.value !== null);
  if (keys.length === 0) return finding;
  for (const target of rule.against ?? [{ entity: entityKey }]) {
    const entity = model.entity(target.entity);
    const tests = keys.flatMap((key) => {
      const column = target.fields?.[key.field] ?? (entity.fields.some((f) => f.key === key.field) ? key.field : undefined);
      if (!column) return [];
      const stored = sql`pipewright.duplicate_key(${key.kind}::text, t.${sql.ref(column)}::text)`;
      return [{ field: key.field, test: keyTest(stored, key.value, key.fuzzy, search.trigram) }];
    });
    if (tests.length === 0) continue;
    const guard = search.guard;
    const readable = readableCondition(guard, target.entity);
    const titleField = entity.titleField && (!guard || guard.unrestricted || readableFieldsOf(guard, target.entity).has(entity.titleField)) ? entity.titleField : undefined;
    const exclude = target.entity === entityKey && search.excludeId !== undefined ? sql` AND t.id <> ${search.excludeId}` : sql``;
    const { rows } = await sql<Record<string, unknown> & { id: number | string; readable: boolean; title: unknown }>`
      SELECT t.id, ${readable} AS readable, ${titleField ? sql`t.${sql.ref(titleField)}::text` : sql`NULL::text`} AS title,
             ${sql.join(tests.map((t, i) => sql`(${t.test}) IS TRUE AS ${sql.ref(`k${i}`)}`))}
        FROM ${sql.table(`${model.schema}.${target.entity}`)} t
       WHERE t.deleted_at IS NULL${exclude} AND (${sql.join(tests.map((t) => sql`(${t.test})`), sql` OR `)})
       ORDER BY t.id
       LIMIT 1000`.execute(db);
    for (const row of rows) {
      if (row.readable !== true) {
        finding.hidden++;
        continue;
      }
      if (finding.matches.filter((m) => m.entity === target.entity).length >= namedPerTarget) continue;
      finding.matches.push({
        entity: target.entity,
        id: Number(row.id),
        title: typeof row.title === 'string' ? row.title : null,
        keys: [...new Set(tests.filter((_, i) => row[`k${i}`] === true).map((t) => t.field))],
      });
    }
  }
  return finding;
}

/** Equal keys, or for a fuzzy key a trigram similarity at the threshold (containment without pg_trgm). */
function keyTest(stored: RawBuilder<unknown>, value: string, fuzzy: number | undefined, trigram: boolean): RawBuilder<unknown> {
  if (fuzzy === undefined) return sql`${stored} = ${value}`;
  if (trigram) return sql`(${stored} = ${value} OR similarity(${stored}, ${value}) >= ${fuzzy})`;
  // The fallback (decision 105): one key holds the other, for keys of at least 4 characters.
  return sql`(${stored} = ${value} OR (length(${stored}) >= 4 AND length(${value}) >= 4 AND (strpos(${stored}, ${value}) > 0 OR strpos(${value}, ${stored}) > 0)))`;
}

function readableCondition(guard: RecordGuard | undefined, entity: string): RawBuilder<unknown> {
  if (!guard || guard.unrestricted) return sql`TRUE`;
  if (!guard.access(entity, 'read')?.allowed) return sql`FALSE`;
  const condition = guard.condition(entity, 'read', 't');
  return condition ? sql`(${condition}) IS TRUE` : sql`TRUE`;
}

function readableFieldsOf(guard: RecordGuard, entity: string): Set<string> {
  return new Set(guard.restriction('read')?.fields(entity) ?? []);
}
