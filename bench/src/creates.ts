/**
 * Creating records: the runtime (validation, defaults, audit) against hand-written kysely inserts
 * of the same rows into the same table; one by one and in bulk.
 */
import type { Runtime } from '@pipewright/runtime';
import { sql } from 'kysely';
import { opportunity } from './bench-app.ts';
import { time } from './measure.ts';

const actor = { userId: 1 };
const table = 'app_bench.opportunity';

export interface CreateFigures {
  count: number;
  handWrittenMs: number;
  runtimeMs: number;
  ratio: number;
  bulkHandWrittenMs: number;
  bulkRuntimeMs: number;
  bulkRatio: number;
}

async function truncate(runtime: Runtime): Promise<void> {
  await sql`TRUNCATE app_bench.opportunity, app_bench._audit`.execute(runtime.database.db);
}

function handWrittenRow(i: number): Record<string, unknown> {
  return { created_by: actor.userId, owner_id: actor.userId, ...opportunity(i) };
}

export async function benchCreates(runtime: Runtime, count: number, batch = 1000): Promise<CreateFigures> {
  const db = runtime.database.db;
  // Warm up both paths (plans, validators, JIT) before measuring.
  for (let i = 0; i < 200; i++) await db.insertInto(table).values(handWrittenRow(i)).execute();
  for (let i = 0; i < 200; i++) await runtime.records.create('bench', 'opportunity', opportunity(i), actor);
  await truncate(runtime);

  const handWrittenMs = await time(async () => {
    for (let i = 0; i < count; i++) await db.insertInto(table).values(handWrittenRow(i)).execute();
  });
  await truncate(runtime);
  const runtimeMs = await time(async () => {
    for (let i = 0; i < count; i++) await runtime.records.create('bench', 'opportunity', opportunity(i), actor);
  });
  await truncate(runtime);

  const bulkHandWrittenMs = await time(async () => {
    for (let start = 0; start < count; start += batch) {
      const rows = Array.from({ length: Math.min(batch, count - start) }, (_, k) => handWrittenRow(start + k));
      await db.insertInto(table).values(rows).execute();
    }
  });
  await truncate(runtime);
  const bulkRuntimeMs = await time(async () => {
    for (let start = 0; start < count; start += batch) {
      const rows = Array.from({ length: Math.min(batch, count - start) }, (_, k) => opportunity(start + k));
      await runtime.records.createMany('bench', 'opportunity', rows, actor, { returning: 'ids' });
    }
  });
  await truncate(runtime);
  return {
    count,
    handWrittenMs,
    runtimeMs,
    ratio: runtimeMs / handWrittenMs,
    bulkHandWrittenMs,
    bulkRuntimeMs,
    bulkRatio: bulkRuntimeMs / bulkHandWrittenMs,
  };
}
