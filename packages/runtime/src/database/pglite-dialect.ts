import type { PGlite } from '@electric-sql/pglite';
import {
  DefaultQueryExecutor,
  Kysely as KyselyInstance,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import type {
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Kysely,
  QueryCompiler,
} from 'kysely';
import { PGliteConnectionProvider } from './pglite-connection-provider.ts';
import { PGliteDriver } from './pglite-driver.ts';

/**
 * The kysely instance over a PGlite instance that the runtime uses: the {@link PGliteDialect} with
 * the {@link PGliteConnectionProvider}, so a query on it from inside one of its transactions runs in
 * that transaction instead of waiting for it. Destroying it closes the PGlite instance.
 *
 * ```ts
 * const db = createPGliteKysely<Tables>(await PGlite.create('./data/pglite'))
 * await db.transaction().execute(async () => executeSql(db, 'select 1')) // does not deadlock
 * ```
 */
export function createPGliteKysely<Tables>(pglite: PGlite): Kysely<Tables> {
  const dialect = new PGliteDialect(pglite);
  const driver = dialect.createDriver();
  const executor = new DefaultQueryExecutor(
    dialect.createQueryCompiler(),
    dialect.createAdapter(),
    new PGliteConnectionProvider(driver),
  );
  return new KyselyInstance<Tables>({ config: { dialect }, dialect, driver, executor });
}

/**
 * The kysely dialect of PGlite: PostgreSQL's SQL, adapter and introspector over the
 * {@link PGliteDriver}. `new Kysely({ dialect })` works, but a query on `db` inside one of its
 * transactions then waits for ever: use {@link createPGliteKysely}.
 */
export class PGliteDialect implements Dialect {
  readonly #pglite: PGlite;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): PGliteDriver {
    return new PGliteDriver(this.#pglite);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
