import type { PGlite } from '@electric-sql/pglite';
import { PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import type {
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
} from 'kysely';
import { PGliteDriver } from './pglite-driver.ts';

/**
 * The kysely dialect of PGlite: PostgreSQL's SQL, adapter and introspector over the
 * {@link PGliteDriver}. Destroying the `Kysely` instance closes the PGlite instance.
 *
 * ```ts
 * const pglite = await PGlite.create('./data/pglite')
 * const db = new Kysely<Tables>({ dialect: new PGliteDialect(pglite) })
 * ```
 */
export class PGliteDialect implements Dialect {
  readonly #pglite: PGlite;

  constructor(pglite: PGlite) {
    this.#pglite = pglite;
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter();
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#pglite);
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db);
  }
}
