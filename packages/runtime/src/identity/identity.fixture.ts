/**
 * Test fixtures for identity: a runtime with the sales app and two roles, identity over it, and a
 * clock tests can move.
 */
import type { AppBundle } from '@pipewright/metadata';
import { openTestRuntime } from '../testing/runtime-fixture.ts';
import { salesBundle } from '../testing/sales-bundle.ts';
import type { Runtime } from '../runtime.ts';
import { openIdentity, type Identity, type IdentityOptions } from './identity.ts';

export const salesWithRoles: AppBundle = {
  ...salesBundle,
  roles: [
    { key: 'sales_rep', label: { 'zh-CN': '销售代表', en: 'Sales rep' }, version: 1, permissions: [] },
    { key: 'sales_manager', label: { 'zh-CN': '销售经理', en: 'Sales manager' }, version: 1, permissions: [] },
  ],
};

export const goodPassword = 'correct horse battery';

/** A clock that stands still until moved. */
export function testClock(start = new Date()) {
  let now = start.getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export interface IdentityFixture {
  runtime: Runtime;
  identity: Identity;
  close(): Promise<void>;
}

export async function openIdentityFixture(options: IdentityOptions = {}): Promise<IdentityFixture> {
  const runtime = await openTestRuntime(salesWithRoles);
  const identity = await openIdentity(runtime.database, { apps: runtime.apps, ...options });
  return {
    runtime,
    identity,
    async close() {
      await identity.close();
      await runtime.close();
    },
  };
}
