/**
 * Updates as a sales rep (read and update scope: own records) against the same updates as a trusted
 * caller: the price of the permission checks of a write, the update scope before and after the
 * change (decision 010) included. Each rep updates their own opportunities, one at a time.
 */
import type { Subject } from '@pipewright/engines';
import type { Runtime } from '@pipewright/runtime';
import { percentile, time } from './measure.ts';

export interface ScopedUpdateFigures {
  iterations: number;
  trusted: { p50: number; p95: number };
  rep: { p50: number; p95: number };
  ratioP50: number;
  ratioP95: number;
}

export async function benchScopedUpdate(runtime: Runtime, iterations: number): Promise<ScopedUpdateFigures> {
  const owner = 7;
  const subject: Subject = { userId: owner, departmentTree: [], roleKeys: ['own_rep'] };
  const rep = { userId: owner, permissions: { subject } };
  const trusted = { userId: owner };
  const created = await runtime.records.createMany('bench', 'opportunity', Array.from({ length: 200 }, (_, i) => ({ name: `Update ${i}`, amount: i, owner_id: owner })), trusted, { returning: 'ids' });
  const ids = created.map((r) => Number(r.id));
  const asTrusted: number[] = [];
  const asRep: number[] = [];
  for (let i = 0; i < 100; i++) {
    await runtime.records.update('bench', 'opportunity', ids[i % ids.length]!, { amount: i }, trusted);
    await runtime.records.update('bench', 'opportunity', ids[(i + 1) % ids.length]!, { amount: i }, rep);
  }
  for (let i = 0; i < iterations; i++) {
    asTrusted.push(await time(async () => void (await runtime.records.update('bench', 'opportunity', ids[i % ids.length]!, { amount: 1000 + i }, trusted))));
    asRep.push(await time(async () => void (await runtime.records.update('bench', 'opportunity', ids[(i + 100) % ids.length]!, { amount: 1000 + i }, rep))));
  }
  const t = { p50: percentile(asTrusted, 50), p95: percentile(asTrusted, 95) };
  const r = { p50: percentile(asRep, 50), p95: percentile(asRep, 95) };
  return { iterations, trusted: t, rep: r, ratioP50: r.p50 / t.p50, ratioP95: r.p95 / t.p95 };
}
