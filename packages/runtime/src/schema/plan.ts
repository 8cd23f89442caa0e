/**
 * Migration planning: the difference between the layout of the installed app version and the
 * layout of the version being published, as an ordered list of steps with their SQL. Pure: the
 * data-dependent questions (does a dropped column hold data? do all values convert?) are attached
 * to steps as checks that `applyPlan` runs inside the migration's transaction.
 */
import type { AppBundle, Entity, Field } from '@pipewright/metadata';
import type { LiveCatalog, LiveTable } from './catalog.ts';
import { addForeignKeySql, addOptionCheckSql, columnDefinition, commentSql, createIndexSql, createTableSql, dropForeignKeySql, dropIndexSql, indexKeySql, optionCondition, qualified, quoteIdentifier, textArrayLiteral, textLiteral } from './ddl.ts';
import { appLayout, type AppLayout, type ColumnLayout, type ForeignKeyLayout, type IndexLayout, type TableLayout } from './layout.ts';

export type StepKind =
  | 'createSchema'
  | 'createTable'
  | 'renameTable'
  | 'dropTable'
  | 'addColumn'
  | 'renameColumn'
  | 'dropColumn'
  | 'changeColumnType'
  | 'addForeignKey'
  | 'dropForeignKey'
  | 'createIndex'
  | 'dropIndex'
  | 'dropOptionCheck'
  | 'clearOption'
  | 'addOptionCheck'
  | 'setNotNull'
  | 'dropNotNull'
  | 'comment';

/** A question about the data that decides whether a step loses data or cannot run. */
export interface DataCheck {
  /** SELECT returning at most one row; a row means the condition holds. */
  sql: string;
  /**
   * `loss`: the step would destroy data (needs allowDataLoss). `refuse`: the step cannot run at
   * all. `empty`: records have no value in a column becoming NOT NULL; with consent the step is
   * left out and the column stays nullable until a later publish finds it filled (decision 043).
   */
  outcome: 'loss' | 'refuse' | 'empty';
  /** `{count}` is replaced by the row's `n` column, when the query returns one. */
  message: string;
  /** JSON pointer into the bundle of what the finding is about, when it is one field. */
  path?: string;
}

export interface MigrationStep {
  kind: StepKind;
  table?: string;
  column?: string;
  description: string;
  sql: string[];
  /** Whether the step can destroy data in principle (dropping, narrowing); checks say whether it would here. */
  destructive: boolean;
  checks: DataCheck[];
  /** Index builds that may run CONCURRENTLY outside the transaction on PostgreSQL. */
  index?: { table: string; layout: IndexLayout };
}

export interface MigrationPlan {
  app: string;
  schema: string;
  fromVersion: string | null;
  toVersion: string;
  steps: MigrationStep[];
}

/**
 * Plans the move from `from` (null: not installed) to `to`. With `live`, the catalog of the app's
 * schema as the database holds it, constraints, comments and NOT NULLs that the installed layout
 * implies but the database lacks (an app installed by an older release) are added too.
 *
 * @example
 * const plan = planMigration(installedBundle, nextBundle, await readCatalog(trx, 'app_crm'));
 * plan.steps.map((s) => s.description) // ['add column lead.budget (numeric(20,2))', …]
 */
export function planMigration(from: AppBundle | null, to: AppBundle, live?: LiveCatalog): MigrationPlan {
  const next = appLayout(to);
  const schema = next.schema;
  const steps: MigrationStep[] = [];
  const prev: AppLayout | null = from ? appLayout(from) : null;
  if (!prev) {
    steps.push(step('createSchema', `create schema ${schema}`, [`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`]));
  }
  const prevTables = new Map((prev?.tables ?? []).map((t) => [t.name, t]));
  const tableRenames = from ? renamedTables(from, to) : new Map<string, string>();
  const matched = new Map<string, TableLayout>(); // new name → old layout
  for (const table of next.tables) {
    const oldName = tableRenames.get(table.name) ?? table.name;
    const old = prevTables.get(oldName);
    if (old) matched.set(table.name, old);
  }
  const keptOld = new Set([...matched.values()].map((t) => t.name));

  // 1. Foreign keys and indexes that go away are dropped first, so drops and renames below are free.
  for (const [name, old] of matched) {
    const table = next.tables.find((t) => t.name === name)!;
    for (const fk of old.foreignKeys) {
      if (!table.foreignKeys.some((f) => JSON.stringify(f) === JSON.stringify(fk))) {
        steps.push(step('dropForeignKey', `drop foreign key ${fk.name} of ${old.name}`, [dropForeignKeySql(schema, old.name, fk.name)], { table: old.name }));
      }
    }
    for (const index of old.indexes) {
      if (!table.indexes.some((i) => sameIndex(i, index))) {
        steps.push(step('dropIndex', `drop index ${index.name} (${index.reason})`, [dropIndexSql(schema, index.name)], { table: old.name }));
      }
    }
    for (const check of old.optionChecks ?? []) {
      if (!(table.optionChecks ?? []).some((c) => JSON.stringify(c) === JSON.stringify(check))) {
        steps.push(step('dropOptionCheck', `drop check ${check.name} of ${old.name} (options of ${check.column})`, [dropForeignKeySql(schema, old.name, check.name)], { table: old.name }));
      }
    }
  }
  // 2. Tables that go away.
  for (const old of prev?.tables ?? []) {
    if (keptOld.has(old.name)) continue;
    steps.push(
      step('dropTable', `drop table ${old.name}`, [`DROP TABLE ${qualified(schema, old.name)} CASCADE`], {
        table: old.name,
        destructive: true,
        checks: [{ sql: `SELECT 1 FROM ${qualified(schema, old.name)} LIMIT 1`, outcome: 'loss', message: `table ${old.name} holds records that would be deleted` }],
      }),
    );
  }
  // 3. Renamed tables, then new tables.
  for (const [name, old] of matched) {
    if (old.name !== name) {
      steps.push(step('renameTable', `rename table ${old.name} to ${name}`, [`ALTER TABLE ${qualified(schema, old.name)} RENAME TO ${quoteIdentifier(name)}`], { table: name }));
    }
  }
  for (const table of next.tables) {
    if (matched.has(table.name)) continue;
    steps.push(step('createTable', `create table ${table.name} (${table.kind})`, [createTableSql(schema, table)], { table: table.name }));
  }
  // The database's own word on what a kept table holds, when it was read.
  const liveOf = (old: TableLayout | undefined): LiveTable | undefined => (old && live ? live.get(old.name) : undefined);
  const has = (old: TableLayout | undefined, name: string): boolean => {
    const held = liveOf(old);
    return held ? held.constraints.has(name) : true;
  };
  // 4. Columns of kept tables.
  for (const [name, old] of matched) {
    const table = next.tables.find((t) => t.name === name)!;
    steps.push(...columnSteps(schema, old, table, from, to, liveOf(old)));
  }
  // 4a. Labels as comments, on new tables and where a label changed (or the database lacks it).
  for (const table of next.tables) {
    const old = matched.get(table.name);
    const held = liveOf(old);
    const current = !old ? [] : held ? liveCommentSql(schema, table.name, held) : commentSql(schema, { ...old, name: table.name });
    const statements = commentSql(schema, table).filter((statement) => !current.includes(statement));
    if (statements.length > 0) steps.push(step('comment', `describe ${table.name} (${statements.length} ${statements.length === 1 ? 'comment' : 'comments'})`, statements, { table: table.name }));
  }
  // 4b. Options that went away: the records holding them lose the value (with consent), then
  // the select columns are held to their options again.
  for (const table of next.tables) {
    const old = matched.get(table.name);
    if (old) steps.push(...removedOptionSteps(schema, old, table, to));
    for (const check of table.optionChecks ?? []) {
      if (old && has(old, check.name) && (old.optionChecks ?? []).some((c) => JSON.stringify(c) === JSON.stringify(check))) continue;
      steps.push(
        step('addOptionCheck', `hold ${table.name}.${check.column} to its ${check.values.length} options`, [addOptionCheckSql(schema, table.name, check)], {
          table: table.name,
          column: check.column,
          checks: old
            ? [{
                sql: `SELECT 1 FROM ${qualified(schema, table.name)} t WHERE t.${quoteIdentifier(check.column)} IS NOT NULL AND NOT (${optionCondition(check, 't')}) LIMIT 1`,
                outcome: 'refuse',
                message: `${table.name}.${check.column} holds values that are not among its options`,
                ...optionalPath(fieldPointer(to, table, check.column)),
              }]
            : [],
        }),
      );
    }
  }
  // 5. Foreign keys and indexes that are new.
  for (const table of next.tables) {
    const old = matched.get(table.name);
    for (const fk of table.foreignKeys) {
      if (old && has(old, fk.name) && old.foreignKeys.some((f) => JSON.stringify(f) === JSON.stringify(fk))) continue;
      steps.push(old ? foreignKeyOnRows(schema, table, fk, to) : step('addForeignKey', `add foreign key ${table.name}.${fk.column} → ${fk.references}`, [addForeignKeySql(schema, table.name, fk)], { table: table.name }));
    }
    for (const index of table.indexes) {
      if (old && old.indexes.some((i) => sameIndex(i, index))) continue;
      const checks: DataCheck[] = [];
      if (old && index.unique && !index.search) {
        const key = index.columns.map(indexKeySql).join(', ');
        checks.push({
          sql: `SELECT 1 FROM ${qualified(schema, table.name)} WHERE ${index.liveOnly ? 'deleted_at IS NULL AND ' : ''}${index.columns.map((c) => `${quoteIdentifier(c.column)} IS NOT NULL`).join(' AND ')} GROUP BY ${key} HAVING count(*) > 1 LIMIT 1`,
          outcome: 'refuse',
          message: `${table.name} has records sharing a value of ${index.columns.map((c) => c.column).join(', ')}, so it cannot become unique`,
        });
      }
      steps.push({
        ...step('createIndex', `create index ${index.name} on ${table.name} (${index.reason})`, [], { table: table.name, checks }),
        index: { table: table.name, layout: index },
      });
    }
  }
  return { app: to.app.key, schema, fromVersion: from?.app.version ?? null, toVersion: to.app.version, steps };
}

/**
 * A foreign key added to a table that may hold rows. Rows naming an id that does not exist are
 * counted: a record of the app pointing at a missing record refuses the step; a user or department
 * that does not exist (rows older than these keys) is cleared with consent, unless the column is
 * NOT NULL, which refuses.
 */
function foreignKeyOnRows(schema: string, table: TableLayout, fk: ForeignKeyLayout, to: AppBundle): MigrationStep {
  const t = qualified(schema, table.name);
  const c = quoteIdentifier(fk.column);
  const dangling = `t.${c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${qualified(fk.referencesSchema ?? schema, fk.references)} r WHERE r.id = t.${c})`;
  const people = fk.referencesSchema === 'pipewright';
  const clear = people && !table.columns.find((column) => column.name === fk.column)?.notNull;
  const what = people ? (fk.references === 'users' ? 'users' : 'departments') : `${fk.references} records`;
  const path = fieldPointer(to, table, fk.column) ?? tablePointer(to, table);
  return step('addForeignKey', `add foreign key ${table.name}.${fk.column} → ${fk.referencesSchema ? `${fk.referencesSchema}.` : ''}${fk.references}`, [
    ...(clear ? [`UPDATE ${t} t SET ${c} = NULL WHERE ${dangling}`] : []),
    addForeignKeySql(schema, table.name, fk),
  ], {
    table: table.name,
    column: fk.column,
    destructive: clear,
    checks: [{
      sql: `SELECT count(*)::int AS n FROM ${t} t WHERE ${dangling} HAVING count(*) > 0`,
      outcome: clear ? 'loss' : 'refuse',
      message: `{count} rows of ${table.name} name ${what} that do not exist in ${fk.column}${clear ? ', which would be cleared' : ''}`,
      ...(path === undefined ? {} : { path }),
    }],
  });
}

/** COMMENT statements of what the database holds, as `commentSql` would write them for `name`. */
function liveCommentSql(schema: string, name: string, live: LiveTable): string[] {
  const statements: string[] = [];
  if (live.comment !== undefined) statements.push(`COMMENT ON TABLE ${qualified(schema, name)} IS ${textLiteral(live.comment)}`);
  for (const [column, comment] of live.columnComments) statements.push(`COMMENT ON COLUMN ${qualified(schema, name)}.${quoteIdentifier(column)} IS ${textLiteral(comment)}`);
  return statements;
}

/** One step per option a select field no longer has, clearing it from the records that hold it. */
function removedOptionSteps(schema: string, old: TableLayout, table: TableLayout, to: AppBundle): MigrationStep[] {
  const steps: MigrationStep[] = [];
  const t = qualified(schema, table.name);
  for (const check of table.optionChecks ?? []) {
    const before = (old.optionChecks ?? []).find((c) => c.column === check.column && c.multiple === check.multiple);
    if (!before) continue;
    const c = quoteIdentifier(check.column);
    const path = fieldPointer(to, table, check.column);
    for (const value of before.values.filter((v) => !check.values.includes(v))) {
      const holds = check.multiple ? `${c} @> ARRAY[${textLiteral(value)}]::text[]` : `${c} = ${textLiteral(value)}`;
      const clear = check.multiple
        ? `UPDATE ${t} SET ${c} = array_remove(${c}, ${textLiteral(value)}) WHERE ${holds}`
        : `UPDATE ${t} SET ${c} = NULL WHERE ${holds}`;
      steps.push(
        step('clearOption', `remove option "${value}" of ${table.name}.${check.column}`, [clear], {
          table: table.name,
          column: check.column,
          destructive: true,
          checks: [{
            sql: `SELECT count(*)::int AS n FROM ${t} WHERE ${holds} HAVING count(*) > 0`,
            outcome: 'loss',
            message: `{count} records of ${table.name} hold option "${value}" of ${check.column}, which would be cleared`,
            ...optionalPath(path),
          }],
        }),
      );
    }
  }
  return steps;
}

/** `/entities/3/fields/2` (or `/entities/3/fields/5/fields/1` in line items) of the field a column stores. */
function fieldPointer(bundle: AppBundle, table: TableLayout, column: string): string | undefined {
  const e = bundle.entities.findIndex((entity) => entity.key === table.entity);
  if (e < 0) return undefined;
  const fields = bundle.entities[e]!.fields;
  if (table.kind === 'lineItems') {
    const l = fields.findIndex((f) => f.key === table.field);
    const inner = (fields[l] as { fields?: Field[] } | undefined)?.fields ?? [];
    const f = inner.findIndex((field) => field.key === column);
    return f < 0 ? undefined : `/entities/${e}/fields/${l}/fields/${f}`;
  }
  const f = fields.findIndex((field) => field.key === column);
  return f < 0 ? undefined : `/entities/${e}/fields/${f}`;
}

/** `/entities/3` of an entity's table (or of the entity owning a child table); undefined for system tables. */
function tablePointer(bundle: AppBundle, table: TableLayout): string | undefined {
  const e = bundle.entities.findIndex((entity) => entity.key === table.entity);
  return e < 0 ? undefined : `/entities/${e}`;
}

function optionalPath(path: string | undefined): { path?: string } {
  return path === undefined ? {} : { path: `${path}/options` };
}

function step(kind: StepKind, description: string, sql: string[], extra: Partial<MigrationStep> = {}): MigrationStep {
  return { kind, description, sql, destructive: false, checks: [], ...extra };
}

function sameIndex(a: IndexLayout, b: IndexLayout): boolean {
  return a.name === b.name && JSON.stringify({ ...a, reason: '' }) === JSON.stringify({ ...b, reason: '' });
}

/** new entity key → old entity key, for entities that declare `renamedFrom`. Child tables follow. */
function renamedTables(from: AppBundle, to: AppBundle): Map<string, string> {
  const renames = new Map<string, string>();
  for (const entity of to.entities) {
    const old = entity.renamedFrom ? from.entities.find((e) => e.key === entity.renamedFrom) : undefined;
    if (!old || to.entities.some((e) => e.key === old.key)) continue;
    renames.set(entity.key, old.key);
    for (const field of entity.fields) {
      const oldField = old.fields.find((f) => f.key === (field.renamedFrom ?? field.key));
      if (oldField && (field.type === 'lineItems' || field.type === 'relation')) renames.set(`${entity.key}__${field.key}`, `${old.key}__${oldField.key}`);
    }
  }
  for (const entity of to.entities) {
    const old = from.entities.find((e) => e.key === (renames.get(entity.key) ?? entity.key));
    if (!old) continue;
    for (const field of entity.fields) {
      if (!field.renamedFrom || (field.type !== 'lineItems' && field.type !== 'relation')) continue;
      renames.set(`${entity.key}__${field.key}`, `${old.key}__${field.renamedFrom}`);
    }
  }
  return renames;
}

function fieldOf(bundle: AppBundle | null, table: TableLayout, column: ColumnLayout): Field | undefined {
  if (!bundle || !column.field || !table.entity) return undefined;
  const entity: Entity | undefined = bundle.entities.find((e) => e.key === table.entity);
  const fields = table.kind === 'lineItems' ? (entity?.fields.find((f) => f.key === table.field) as { fields?: Field[] } | undefined)?.fields : entity?.fields;
  return fields?.find((f) => f.key === column.field);
}

function columnSteps(schema: string, old: TableLayout, table: TableLayout, from: AppBundle | null, to: AppBundle, live: LiveTable | undefined): MigrationStep[] {
  const steps: MigrationStep[] = [];
  const t = qualified(schema, table.name);
  const oldColumns = new Map(old.columns.map((c) => [c.name, c]));
  const used = new Set<string>();
  for (const column of table.columns) {
    const field = fieldOf(to, table, column);
    let previous = oldColumns.get(column.name);
    if (field?.renamedFrom && column.name === field.key && !oldColumns.has(field.key)) {
      const renamed = oldColumns.get(field.renamedFrom) ?? oldColumns.get(column.name.replace(field.key, field.renamedFrom));
      if (renamed) {
        steps.push(step('renameColumn', `rename column ${table.name}.${renamed.name} to ${column.name}`, [`ALTER TABLE ${t} RENAME COLUMN ${quoteIdentifier(renamed.name)} TO ${quoteIdentifier(column.name)}`], { table: table.name, column: column.name }));
        previous = renamed;
      }
    }
    if (!previous) {
      // Added nullable; a required column becomes NOT NULL in its own step, which knows the rows.
      steps.push(step('addColumn', `add column ${table.name}.${column.name} (${column.sql})`, [`ALTER TABLE ${t} ADD COLUMN ${columnDefinition({ ...column, notNull: false })}`], { table: table.name, column: column.name }));
      if (column.notNull) steps.push(requireStep(t, table, column, field, fieldPointer(to, table, column.name)));
      continue;
    }
    used.add(previous.name);
    const replaced = previous.sql !== column.sql && conversionSteps(t, table.name, column, previous);
    if (replaced) steps.push(...replaced);
    const wasNotNull = (replaced && replaced.some((s) => s.sql.some((q) => q.includes(' ADD COLUMN ')))) ? false : live ? live.notNull.has(previous.name) : Boolean(previous.notNull);
    if (column.field === undefined) continue;
    if (column.notNull && !wasNotNull) steps.push(requireStep(t, table, column, field, fieldPointer(to, table, column.name)));
    if (!column.notNull && wasNotNull) {
      steps.push(step('dropNotNull', `no longer require ${table.name}.${column.name} (drop NOT NULL)`, [`ALTER TABLE ${t} ALTER COLUMN ${quoteIdentifier(column.name)} DROP NOT NULL`], { table: table.name, column: column.name }));
    }
  }
  for (const previous of old.columns) {
    if (used.has(previous.name) || table.columns.some((c) => c.name === previous.name)) continue;
    steps.push(
      step('dropColumn', `drop column ${table.name}.${previous.name}`, [`ALTER TABLE ${t} DROP COLUMN ${quoteIdentifier(previous.name)}`], {
        table: table.name,
        column: previous.name,
        destructive: true,
        checks: [{ sql: `SELECT 1 FROM ${t} WHERE ${quoteIdentifier(previous.name)} IS NOT NULL LIMIT 1`, outcome: 'loss', message: `${table.name}.${previous.name} holds values that would be deleted` }],
      }),
    );
  }
  return steps;
}

/**
 * Makes a required field's column NOT NULL. Empty values are first filled with the field's fixed
 * default, when it has one; otherwise records without a value are counted, and with consent the
 * step is left out (the column stays nullable until a later publish finds every record filled).
 */
function requireStep(t: string, table: TableLayout, column: ColumnLayout, field: Field | undefined, path: string | undefined): MigrationStep {
  const c = quoteIdentifier(column.name);
  const fill = field ? fixedDefaultSql(field, column) : undefined;
  return step('setNotNull', `require ${table.name}.${column.name} (NOT NULL${fill ? ', empty values set to its default' : ''})`, [
    ...(fill ? [`UPDATE ${t} SET ${c} = ${fill} WHERE ${c} IS NULL`] : []),
    `ALTER TABLE ${t} ALTER COLUMN ${c} SET NOT NULL`,
  ], {
    table: table.name,
    column: column.name,
    checks: fill
      ? []
      : [{
          sql: `SELECT count(*)::int AS n FROM ${t} WHERE ${c} IS NULL HAVING count(*) > 0`,
          outcome: 'empty',
          message: `{count} ${table.kind === 'lineItems' ? 'lines' : 'records'} of ${table.name} have no ${column.name}, which is required; with consent it stays nullable until they are filled`,
          ...(path === undefined ? {} : { path }),
        }],
  });
}

/** The SQL literal of a field's default when it is a fixed value (not today, now or the current user). */
function fixedDefaultSql(field: Field, column: ColumnLayout): string | undefined {
  if (!('default' in field)) return undefined;
  const value: unknown = field.default;
  if (typeof value === 'string') return ['today', 'now', 'currentUser', 'currentUserDepartment'].includes(value) ? undefined : `${textLiteral(value)}::${column.sql}`;
  if (typeof value === 'number' && Number.isFinite(value)) return `${textLiteral(String(value))}::${column.sql}`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string') && column.sql === 'text[]') return textArrayLiteral(value as string[]);
  return undefined;
}

/**
 * Changing a column's type: convert in place where a conversion exists (refusing when some value
 * does not convert, or needing consent when it converts with loss), otherwise replace the column.
 */
function conversionSteps(t: string, table: string, column: ColumnLayout, previous: ColumnLayout): MigrationStep[] {
  const c = quoteIdentifier(column.name);
  const description = `change ${table}.${column.name} from ${previous.sql} to ${column.sql}`;
  const alter = (using: string) => [`ALTER TABLE ${t} ALTER COLUMN ${c} TYPE ${column.sql} USING ${using}`];
  const loss = (condition: string, message: string): DataCheck => ({ sql: `SELECT 1 FROM ${t} WHERE ${condition} LIMIT 1`, outcome: 'loss', message });
  const refuse = (condition: string, message: string): DataCheck => ({ sql: `SELECT 1 FROM ${t} WHERE ${condition} LIMIT 1`, outcome: 'refuse', message });
  const from = previous.family;
  const to = column.family;
  const numeric = (f: string) => f === 'number' || f === 'integer';
  const numberPattern = `'^\\s*[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)\\s*$'`;
  const base = { table, column: column.name };

  if (numeric(from) && numeric(to)) {
    return [step('changeColumnType', description, alter(`${c}::${column.sql}`), {
      ...base,
      destructive: true,
      checks: [loss(`${c} IS NOT NULL AND ${c}::numeric <> ${c}::numeric::${column.sql}::numeric`, `some values of ${table}.${column.name} would be rounded or cut`)],
    })];
  }
  if (to === 'text' && from !== 'textList' && from !== 'idList' && from !== 'json') {
    return [step('changeColumnType', description, alter(`${c}::text`), base)];
  }
  if (from === 'text' && numeric(to)) {
    return [step('changeColumnType', description, alter(`nullif(trim(${c}), '')::${column.sql}`), {
      ...base,
      checks: [refuse(`nullif(trim(${c}), '') IS NOT NULL AND ${c} !~ ${numberPattern}`, `some values of ${table}.${column.name} are not numbers`)],
    })];
  }
  if (from === 'text' && to === 'date') {
    return [step('changeColumnType', description, alter(`nullif(trim(${c}), '')::date`), {
      ...base,
      checks: [refuse(`nullif(trim(${c}), '') IS NOT NULL AND ${c} !~ '^\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\\s*$'`, `some values of ${table}.${column.name} are not dates (YYYY-MM-DD)`)],
    })];
  }
  if (from === 'text' && to === 'boolean') {
    return [step('changeColumnType', description, alter(`nullif(trim(${c}), '')::boolean`), {
      ...base,
      checks: [refuse(`nullif(trim(${c}), '') IS NOT NULL AND lower(trim(${c})) NOT IN ('true','false','t','f','yes','no','y','n','1','0','on','off')`, `some values of ${table}.${column.name} are not true/false`)],
    })];
  }
  if (from === 'date' && to === 'datetime') return [step('changeColumnType', description, alter(`${c}::timestamptz`), base)];
  if (from === 'datetime' && to === 'date') {
    return [step('changeColumnType', description, alter(`${c}::date`), {
      ...base,
      destructive: true,
      checks: [loss(`${c} IS NOT NULL AND ${c} <> ${c}::date::timestamptz`, `times of day in ${table}.${column.name} would be lost`)],
    })];
  }
  if (from === 'text' && to === 'textList') return [step('changeColumnType', description, alter(`CASE WHEN ${c} IS NULL OR ${c} = '' THEN NULL ELSE ARRAY[${c}] END`), base)];
  if (from === 'textList' && to === 'text') return [step('changeColumnType', description, alter(`array_to_string(${c}, ', ')`), base)];
  if (from === 'id' && to === 'idList') return [step('changeColumnType', description, alter(`CASE WHEN ${c} IS NULL THEN NULL ELSE ARRAY[${c}] END`), base)];
  if (from === 'idList' && to === 'id') {
    return [step('changeColumnType', description, alter(`${c}[1]`), {
      ...base,
      destructive: true,
      checks: [loss(`cardinality(${c}) > 1`, `${table}.${column.name} holds several values; all but the first would be lost`)],
    })];
  }
  // No conversion: the column is replaced, which loses its values.
  return [step('changeColumnType', `${description} (no conversion: values are cleared)`, [
    `ALTER TABLE ${t} DROP COLUMN ${c}`,
    `ALTER TABLE ${t} ADD COLUMN ${columnDefinition({ ...column, notNull: false })}`,
  ], {
    ...base,
    destructive: true,
    checks: [loss(`${c} IS NOT NULL`, `${table}.${column.name} holds values that cannot be converted to ${column.sql}`)],
  })];
}

/** The statement of an index step, for the given database's capabilities. */
export function indexStatement(schema: string, s: MigrationStep, options: { concurrently: boolean; trigram: boolean }): string | undefined {
  if (!s.index) return undefined;
  return createIndexSql(schema, s.index.table, s.index.layout, options);
}
