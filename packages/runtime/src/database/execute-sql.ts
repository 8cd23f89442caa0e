import { CompiledQuery } from 'kysely';
import type { Kysely } from 'kysely';
import type { SqlRows } from './database.ts';

/**
 * Runs one SQL statement with `$n` parameters through kysely's connection handling, so it takes
 * its turn with everything else (on PGlite: behind the running transaction).
 *
 * ```ts
 * const { rows } = await executeSql(db, 'select $1::int + 1 as n', [41])
 * ```
 */
export async function executeSql<Tables>(
  db: Kysely<Tables>,
  text: string,
  values: readonly unknown[] = [],
): Promise<SqlRows> {
  const result = await db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(text, [...values]),
  );
  return { rows: result.rows };
}

/** Something that runs one SQL statement with `$n` parameters: the shape of pg-boss's `db` option. */
export interface SqlExecutor {
  executeSql(text: string, values?: readonly unknown[]): Promise<SqlRows>;
}

/**
 * An executor bound to `db`, which may be a transaction: statements sent through it are part of
 * that transaction, committed or rolled back with it, on PostgreSQL and on PGlite alike. This is
 * how a job is sent in the same transaction as the write that causes it.
 *
 * ```ts
 * await database.db.transaction().execute(async (trx) => {
 *   await trx.insertInto('crm.lead').values(lead).execute()
 *   await boss.send('assign-lead', { id }, { db: sqlExecutor(trx) })
 * })
 * ```
 */
export function sqlExecutor<Tables>(db: Kysely<Tables>): SqlExecutor {
  return { executeSql: (text, values = []) => executeSql(db, text, values) };
}
