import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../database/database.ts';
import { openTestDatabase, testDatabaseKind } from '../database/testing.ts';
import { JobQueue, JobQueueError, jobIdOf } from './job-queue.ts';

/** Waits until `check` holds, polling; fails after `seconds`. */
async function eventually(check: () => Promise<boolean> | boolean, seconds = 30): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`not within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`durable jobs (${testDatabaseKind()})`, () => {
  let database: Database;
  let jobs: JobQueue;
  beforeAll(async () => {
    database = await openTestDatabase();
    await sql`create table lead (id serial primary key, name text not null)`.execute(database.db);
    jobs = await JobQueue.start(database, { pollingIntervalSeconds: 0.5 });
  }, 120_000);
  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
  });

  it("sends a job in the caller's transaction: none when it rolls back, one that runs when it commits", async () => {
    await jobs.defineQueue({ name: 'welcome' });
    const seen: unknown[] = [];
    await jobs.work<{ lead: number }>('welcome', async (job) => void seen.push(job.data));
    const failure = new Error('write refused');
    await expect(
      database.db.transaction().execute(async (trx) => {
        const { id } = await trx.insertInto('lead').values({ name: 'rolled back' }).returning('id').executeTakeFirstOrThrow();
        await jobs.send('welcome', { lead: id }, { trx });
        throw failure;
      }),
    ).rejects.toBe(failure);
    const id = await database.db.transaction().execute(async (trx) => {
      const lead = await trx.insertInto('lead').values({ name: 'kept' }).returning('id').executeTakeFirstOrThrow();
      return jobs.send('welcome', { lead: lead.id }, { trx });
    });
    expect(id).toEqual(expect.any(String));
    await eventually(() => seen.length > 0);
    // Give the rolled-back job every chance to show up: it does not exist.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(seen).toEqual([{ lead: 2 }]);
    await eventually(async () => (await jobs.job('welcome', id!))?.state === 'completed');
  }, 60_000);

  it('retries a failing job with growing delays, then moves it to the dead letters', async () => {
    await jobs.defineQueue({ name: 'sync', retryLimit: 2, retryDelaySeconds: 1, retryBackoff: true, deadLetter: 'sync-failed' });
    const attempts: number[] = [];
    await jobs.work('sync', async () => {
      attempts.push(Date.now());
      throw new Error('ERP is down');
    });
    const dead: unknown[] = [];
    await jobs.work<{ order: number }>('sync-failed', async (job) => void dead.push(job.data));
    const id = await jobs.send('sync', { order: 42 });
    await eventually(() => dead.length > 0, 45);
    expect(attempts).toHaveLength(3);
    expect(dead).toEqual([{ order: 42 }]);
    // The second delay is longer than the first (backoff).
    expect(attempts[2]! - attempts[1]!).toBeGreaterThan(attempts[1]! - attempts[0]!);
    expect(await jobs.job('sync', id!)).toMatchObject({ state: 'failed', retryCount: 2 });
  }, 60_000);

  it('does nothing for a second job with the same idempotency key', async () => {
    await jobs.defineQueue({ name: 'reminder' });
    const first = await jobs.send('reminder', { lead: 1 }, { idempotencyKey: 'lead:1:3-day', startAfter: new Date(Date.now() + 3_600_000) });
    const second = await jobs.send('reminder', { lead: 1 }, { idempotencyKey: 'lead:1:3-day' });
    expect(first).toBe(jobIdOf('reminder', 'lead:1:3-day'));
    expect(second).toBeNull();
    expect(await jobs.send('reminder', { lead: 2 }, { idempotencyKey: 'lead:2:3-day' })).toBe(jobIdOf('reminder', 'lead:2:3-day'));
    const { rows } = await database.executeSql("select count(*) as n from pgboss.job where name = 'reminder'");
    expect(rows).toEqual([{ n: 2 }]);
  });

  it('runs a failed job again when an administrator retries it', async () => {
    await jobs.defineQueue({ name: 'webhook', retryLimit: 0 });
    let calls = 0;
    await jobs.work('webhook', async () => {
      calls++;
      if (calls === 1) throw new Error('502 from the receiver');
    });
    const id = (await jobs.send('webhook', { url: 'https://erp.example.com' }))!;
    await eventually(async () => (await jobs.job('webhook', id))?.state === 'failed');
    await jobs.retry('webhook', id);
    await eventually(async () => (await jobs.job('webhook', id))?.state === 'completed');
    expect(calls).toBe(2);
  }, 60_000);

  it('refuses a queue that was never defined', async () => {
    await expect(jobs.send('nowhere', {})).rejects.toBeInstanceOf(JobQueueError);
  });
});
