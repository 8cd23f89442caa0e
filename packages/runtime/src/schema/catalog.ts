/**
 * What an app's schema holds in the live database: per table its constraints, its comments and
 * its NOT NULL columns. The migration planner compares the next layout with this rather than with
 * the layout the installed bundle implies, so an app installed before a constraint or a comment
 * existed gets it on its next publish, and a NOT NULL the data did not allow yet is added once it
 * does (decisions 042, 043).
 *
 * @example
 * const live = await readCatalog(trx, 'app_crm');
 * live.get('lead')?.constraints.has('lead_owner_id_fkey') // false on an app installed before 042
 */
import { sql, type Kysely } from 'kysely';
import type { DynamicTables } from '../database/index.ts';

export interface LiveTable {
  /** Names of its constraints (foreign keys, checks, primary key). */
  constraints: Set<string>;
  /** The table's comment. */
  comment: string | undefined;
  /** Column name → its comment. */
  columnComments: Map<string, string>;
  /** Columns declared NOT NULL. */
  notNull: Set<string>;
}

/** Table name → what it holds; empty when the schema does not exist. */
export type LiveCatalog = Map<string, LiveTable>;

export async function readCatalog(db: Kysely<DynamicTables>, schema: string): Promise<LiveCatalog> {
  const catalog: LiveCatalog = new Map();
  const table = (name: string): LiveTable => {
    let entry = catalog.get(name);
    if (!entry) catalog.set(name, (entry = { constraints: new Set(), comment: undefined, columnComments: new Map(), notNull: new Set() }));
    return entry;
  };
  const columns = await sql<{ table: string; column: string; not_null: boolean; comment: string | null }>`
    SELECT c.relname AS table, a.attname AS column, a.attnotnull AS not_null, col_description(c.oid, a.attnum) AS comment
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
     WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`.execute(db);
  for (const row of columns.rows) {
    const entry = table(row.table);
    if (row.not_null) entry.notNull.add(row.column);
    if (row.comment !== null) entry.columnComments.set(row.column, row.comment);
  }
  const tables = await sql<{ table: string; comment: string | null }>`
    SELECT c.relname AS table, obj_description(c.oid, 'pg_class') AS comment
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p')`.execute(db);
  for (const row of tables.rows) table(row.table).comment = row.comment ?? undefined;
  const constraints = await sql<{ table: string; name: string }>`
    SELECT c.relname AS table, k.conname AS name
      FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = ${schema}`.execute(db);
  for (const row of constraints.rows) table(row.table).constraints.add(row.name);
  return catalog;
}
