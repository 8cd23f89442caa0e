// The database layer of the runtime: PostgreSQL through `pg`, or embedded PGlite, behind kysely,
// with the same type parsing and error codes on both. See README.md.
export * from './database.ts';
export * from './database-config.ts';
export * from './database-error.ts';
export * from './type-parsers.ts';
export * from './execute-sql.ts';
export * from './postgres-database.ts';
export * from './postgres-pool.ts';
export * from './pglite-database.ts';
export * from './data-directory-lock.ts';
export * from './pglite-dialect.ts';
export * from './pglite-driver.ts';
export * from './pglite-connection-provider.ts';
export * from './connection-lock.ts';
export * from './testing.ts';
export * from './pglite-template.ts';
export * from './postgres-test-database.ts';
