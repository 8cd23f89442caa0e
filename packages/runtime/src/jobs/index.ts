// Durable jobs over the runtime's database (pg-boss 10 through its `db` option). See README.md.
export * from './job-queue.ts';
