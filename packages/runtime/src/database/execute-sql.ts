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
