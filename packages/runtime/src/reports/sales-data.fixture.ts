/**
 * The sample sales app (packages/metadata/fixtures/lead-opportunity.bundle.json) on a test
 * database with a small organisation and generated records: accounts, products, leads, and
 * opportunities that move through their stages by ordinary updates, so the audit log holds a
 * real stage history. Deterministic for a seed.
 *
 * Organisation: 10 Sales > 11 East, 12 West; 13 North stands apart. User 2 manages Sales (tree
 * 10, 11, 12); reps 3, 4 (East), 6, 7 (West) and 8 (North).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { directoryFromAssignments, type Subject } from '@pipewright/engines';
import type { AppBundle } from '@pipewright/metadata';
import { sql } from 'kysely';
import { openTestDatabase } from '../database/index.ts';
import type { Actor } from '../records/record-writer.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { appSchemaName } from '../schema/layout.ts';
import { addPeople } from '../testing/runtime-fixture.ts';

export const salesApp: AppBundle = JSON.parse(readFileSync(fileURLToPath(new URL('../../../metadata/fixtures/lead-opportunity.bundle.json', import.meta.url)), 'utf8')) as AppBundle;
export const appKey = salesApp.app.key;

export const departmentOf = new Map([[2, 10], [3, 11], [4, 11], [6, 12], [7, 12], [8, 13]]);
export const departmentParent = new Map([[11, 10], [12, 10]]);
export const reps = [3, 4, 6, 7, 8];
export const timeZone = 'Asia/Shanghai';

/** The departments at and below one, from the parent links. */
export function departmentTree(id: number): number[] {
  const tree = [id];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of departmentParent) if (parent === tree[i]) tree.push(child);
  return tree;
}

export function actorOf(userId: number, roleKeys: string[], isAdmin = false): Actor {
  const departmentId = departmentOf.get(userId);
  const subject: Subject & { isAdmin?: boolean } = { userId, departmentId, departmentTree: departmentId ? departmentTree(departmentId) : [], roleKeys, isAdmin };
  return { userId, departmentId, timeZone, permissions: { subject } };
}

/** A small deterministic random source (mulberry32). */
export function randomSource(seed: number): { next(): number; int(n: number): number; pick<T>(items: readonly T[]): T } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (items) => items[Math.floor(next() * items.length)]! };
}

const stages = ['initial_contact', 'needs_analysis', 'proposal', 'negotiation'];
const probability: Record<string, number> = { initial_contact: 10, needs_analysis: 25, proposal: 50, negotiation: 75, won: 100, lost: 0 };

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Opens the runtime with the app, the organisation and `opportunities` generated deals. */
export async function openSalesData(options: { seed?: number; opportunities?: number; today?: string } = {}): Promise<Runtime> {
  const random = randomSource(options.seed ?? 7);
  const today = options.today ?? '2026-12-01';
  const runtime = await openRuntime(await openTestDatabase(), { directory: directoryFromAssignments(departmentOf) });
  await runtime.apps.publish(salesApp, { actor: 1 });
  await addPeople(runtime, { users: [1, 2, ...reps], departments: [10, 11, 12, 13] });
  const db = runtime.database.db;
  for (const [child, parent] of departmentParent) await sql`UPDATE pipewright.departments SET parent_id = ${parent} WHERE id = ${child}`.execute(db);
  for (const [user, department] of departmentOf) await sql`UPDATE pipewright.users SET department_id = ${department} WHERE id = ${user}`.execute(db);

  const system: Actor = { userId: 1, timeZone };
  const schema = appSchemaName(appKey);
  const industries = ['manufacturing', 'it', 'finance', 'retail'];
  const accounts = await runtime.records.createMany(appKey, 'account', industries.flatMap((industry, i) => [{ name: `客户${i}甲有限公司`, industry }, { name: `客户${i}乙有限公司`, industry }]), system, { returning: 'ids' });
  const products = await runtime.records.createMany(appKey, 'product', [0, 1, 2, 3].map((i) => ({ sku: `P-${i}`, name: `产品${i}`, list_price: 1000 * (i + 1), active: i !== 3 })), system, { returning: 'ids' });
  const sources = ['website', 'exhibition', 'referral', 'cold_call', 'advertising', 'partner'];
  const statuses = ['new', 'contacted', 'qualified', 'converted', 'disqualified'];
  // A disqualified lead says why: the sample app's validation rule refuses it otherwise.
  const leads = await runtime.records.createMany(appKey, 'lead', Array.from({ length: 40 }, (_, i) => {
    const lead = { name: `线索${i}`, company: `公司${i}`, source: random.pick(sources), status: random.pick(statuses), score: random.int(100), owner_id: random.pick(reps) };
    return lead.status === 'disqualified' ? { ...lead, description: '预算不足' } : lead;
  }), system, { returning: 'ids' });
  // Created before the reports' clock, whatever the time of day the tests run at.
  for (const { id } of leads) await sql`UPDATE ${sql.table(`${schema}.lead`)} SET created_at = ${new Date(Date.parse(`${today}T00:00:00Z`) - (1 + random.int(300)) * 86_400_000).toISOString()}::timestamptz WHERE id = ${id as number}`.execute(db);

  const count = options.opportunities ?? 120;
  const bodies = Array.from({ length: count }, (_, i) => ({
    name: `商机${i}`,
    account: random.pick(accounts).id,
    stage: 'initial_contact',
    probability: 10,
    discount: random.pick([0, 0, 5, 10]),
    products: Array.from({ length: 1 + random.int(2) }, () => ({ product: random.pick(products).id, quantity: 1 + random.int(5), unit_price: 500 * (1 + random.int(8)) })),
    expected_close_date: addDays(today, random.int(400) - 200),
    lead_source: random.pick(sources),
    owner_id: random.next() < 0.1 ? 2 : random.pick(reps),
  }));
  const created = await runtime.records.createMany(appKey, 'opportunity', bodies, system, { returning: 'ids' });
  // Spread creation over the last two years, so cycles and periods have something to measure.
  for (const { id } of created) await sql`UPDATE ${sql.table(`${schema}.opportunity`)} SET created_at = ${new Date(Date.parse(`${today}T00:00:00Z`) - random.int(700) * 86_400_000).toISOString()}::timestamptz WHERE id = ${id as number}`.execute(db);

  const stageOf = new Map(created.map(({ id }) => [id as number, 'initial_contact']));
  // Move deals forward stage by stage (sometimes skipping one), some to won or lost.
  for (let round = 0; round < 5; round++) {
    const items: { id: number; body: Record<string, unknown> }[] = [];
    for (const { id } of created) {
      if (random.next() < 0.35) continue;
      const current = stageOf.get(id as number)!;
      if (current === 'won' || current === 'lost') continue;
      const index = stages.indexOf(current);
      const ending = random.next();
      let next: string;
      if (ending < 0.12) next = 'lost';
      else if (index === stages.length - 1 || ending < 0.2) next = 'won';
      else next = stages[Math.min(stages.length - 1, index + (random.next() < 0.15 ? 2 : 1))]!;
      const body: Record<string, unknown> = { stage: next, probability: probability[next] };
      if (next === 'won' || next === 'lost') body.closed_on = addDays(today, -random.int(500));
      if (next === 'lost') body.loss_reason = random.pick(['price', 'competitor', 'no_budget', 'no_decision', 'other', null]);
      items.push({ id: id as number, body });
      stageOf.set(id as number, next);
    }
    if (items.length > 0) await runtime.records.updateMany(appKey, 'opportunity', items, system);
  }
  // A deleted deal counts nowhere.
  await runtime.records.delete(appKey, 'opportunity', [created[0]!.id as number], system);
  return runtime;
}
