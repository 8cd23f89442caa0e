/**
 * Two server instances on one database: what one changes, the other stops serving from its
 * cache. On PostgreSQL the instances are two connection pools (as two processes would have); on
 * PGlite two identities share the one in-process database, so the NOTIFY path is still the one
 * that tells the second instance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, testDatabaseKind, type Database } from '../database/index.ts';
import { goodPassword, openIdentityFixture, type IdentityFixture } from './identity.fixture.ts';
import { openIdentity, type Identity } from './identity.ts';
import { AppStore } from '../apps/app-store.ts';

let first: IdentityFixture;
let second: Identity;
let secondDatabase: Database | undefined;

beforeAll(async () => {
  first = await openIdentityFixture();
  if (testDatabaseKind() === 'postgres') {
    secondDatabase = await createDatabase({ databaseUrl: first.runtime.database.location });
    second = await openIdentity(secondDatabase, { apps: new AppStore(secondDatabase) });
  } else {
    second = await openIdentity(first.runtime.database, { apps: first.runtime.apps });
  }
});
afterAll(async () => {
  await second.close();
  await secondDatabase?.close();
  await first.close();
});

/** Polls until `check` holds (NOTIFY is asynchronous), at most 2 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the other instance never saw the change');
}

describe(`identity caches across instances (${testDatabaseKind()})`, () => {
  it('a role granted on one instance reaches the cached subject on the other', async () => {
    const user = await first.identity.directory.createUser({ login: 'two.instances', name: 'Two' });
    expect((await second.directory.subject(user.id))?.rolesByApp).toEqual({}); // cached on the second
    await first.identity.directory.setRoles(user.id, 'sales', ['sales_rep']);
    await eventually(async () => (await second.directory.subject(user.id))?.rolesByApp.sales?.[0] === 'sales_rep');
  });

  it('a department move on one instance reaches the cached tree on the other', async () => {
    const top = await first.identity.directory.createDepartment({ name: 'Top' });
    const loose = await first.identity.directory.createDepartment({ name: 'Loose' });
    expect(await second.directory.departmentTree(top.id)).toEqual([top.id]);
    await first.identity.directory.updateDepartment(loose.id, { parentId: top.id });
    await eventually(async () => (await second.directory.departmentTree(top.id)).includes(loose.id));
  });

  it('a logout on one instance ends the cached session on the other', async () => {
    await first.identity.directory.createUser({ login: 'logout.twice', name: 'Logout', password: goodPassword });
    const { token } = await first.identity.sessions.login('logout.twice', goodPassword);
    expect(await second.sessions.authenticate(token)).toBeDefined(); // cached on the second
    await first.identity.sessions.logout(token);
    await eventually(async () => (await second.sessions.authenticate(token)) === undefined);
  });

  it('revoking every session of a user on one instance reaches the other', async () => {
    const user = await first.identity.directory.createUser({ login: 'revoke.all', name: 'Revoke', password: goodPassword });
    const { token } = await first.identity.sessions.login('revoke.all', goodPassword);
    expect(await second.sessions.authenticate(token)).toBeDefined();
    await first.identity.sessions.revokeAll(user.id);
    await eventually(async () => (await second.sessions.authenticate(token)) === undefined);
  });

  it('a key revoked on one instance stops working on the other', async () => {
    const admin = await first.identity.ensureAdmin({ password: goodPassword });
    const { key, secret } = await first.identity.apiKeys.create({ name: 'Shared', app: 'sales', role: 'sales_rep', createdBy: admin.userId });
    expect(await second.apiKeys.authenticate(secret)).toBeDefined();
    await first.identity.apiKeys.revoke(key.id);
    await eventually(async () => (await second.apiKeys.authenticate(secret)) === undefined);
  });
});
