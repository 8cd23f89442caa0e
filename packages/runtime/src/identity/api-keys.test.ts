import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goodPassword, openIdentityFixture, testClock, type IdentityFixture } from './identity.fixture.ts';
import { sha256Hex } from './tokens.ts';

const clock = testClock();
let fixture: IdentityFixture;
let adminId: number;

beforeAll(async () => {
  fixture = await openIdentityFixture({ apiKeys: { now: clock.now } });
  adminId = (await fixture.identity.ensureAdmin({ password: goodPassword })).userId;
});
afterAll(() => fixture.close());

const apiKeys = () => fixture.identity.apiKeys;

describe('API keys', () => {
  it('are shown once and stored only as a hash', async () => {
    const { key, secret } = await apiKeys().create({ name: 'ERP sync', app: 'sales', role: 'sales_manager', createdBy: adminId });
    expect(secret).toMatch(/^pw_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
    expect(secret.startsWith(`pw_${key.prefix}_`)).toBe(true);
    expect(key).toMatchObject({ name: 'ERP sync', app: 'sales', role: 'sales_manager', createdBy: adminId, lastUsedAt: null, revokedAt: null, expiresAt: null });
    expect(JSON.stringify(await apiKeys().list())).not.toContain(secret.slice(15));
    const { rows } = await fixture.runtime.database.executeSql('SELECT * FROM pipewright.api_keys WHERE id = $1', [key.id]);
    expect(rows[0]?.secret_hash).toBe(sha256Hex(secret));
    expect(JSON.stringify(rows)).not.toContain(secret.slice(15));
  });

  it('act as their creator restricted to one role in one app, never as administrator', async () => {
    const { key, secret } = await apiKeys().create({ name: 'BI', app: 'sales', role: 'sales_rep', createdBy: adminId });
    const subject = await apiKeys().authenticate(secret);
    expect(subject).toMatchObject({ userId: adminId, isAdmin: false, rolesByApp: { sales: ['sales_rep'] }, apiKey: { id: key.id, name: 'BI', app: 'sales', role: 'sales_rep' } });
    expect((await apiKeys().get(key.id)).lastUsedAt).toBe(clock.now().toISOString());
  });

  it('refuses a wrong secret with a real prefix, and malformed keys', async () => {
    const { secret } = await apiKeys().create({ name: 'Wrong', app: 'sales', role: 'sales_rep', createdBy: adminId });
    const last = secret.at(-1) === 'A' ? 'B' : 'A';
    expect(await apiKeys().authenticate(`${secret.slice(0, -1)}${last}`)).toBeUndefined();
    expect(await apiKeys().authenticate(secret.slice(0, -1))).toBeUndefined();
    expect(await apiKeys().authenticate('pw_')).toBeUndefined();
    expect(await apiKeys().authenticate(secret)).toBeDefined();
  });

  it('stop working when they expire', async () => {
    const { secret } = await apiKeys().create({ name: 'Short', app: 'sales', role: 'sales_rep', createdBy: adminId, expiresAt: new Date(clock.now().getTime() + 3600_000) });
    expect(await apiKeys().authenticate(secret)).toBeDefined();
    clock.advance(3600_000);
    expect(await apiKeys().authenticate(secret)).toBeUndefined();
    await expect(apiKeys().create({ name: 'Past', app: 'sales', role: 'sales_rep', createdBy: adminId, expiresAt: new Date(clock.now().getTime() - 1) })).rejects.toMatchObject({
      code: 'apiKey.invalid',
      problems: [{ path: '/expiresAt' }],
    });
  });

  it('stop working at once when revoked, even while cached', async () => {
    const { key, secret } = await apiKeys().create({ name: 'Revoked', app: 'sales', role: 'sales_rep', createdBy: adminId });
    expect(await apiKeys().authenticate(secret)).toBeDefined();
    await apiKeys().revoke(key.id);
    expect(await apiKeys().authenticate(secret)).toBeUndefined();
    expect((await apiKeys().get(key.id)).revokedAt).not.toBeNull();
    await expect(apiKeys().revoke(987_654)).rejects.toMatchObject({ code: 'apiKey.notFound' });
  });

  it('stop working when their creator is deactivated', async () => {
    const creator = await fixture.identity.directory.createUser({ login: 'integrator', name: 'Integrator' });
    const { secret } = await apiKeys().create({ name: 'Theirs', app: 'sales', role: 'sales_rep', createdBy: creator.id });
    expect(await apiKeys().authenticate(secret)).toBeDefined();
    await fixture.identity.directory.deactivateUser(creator.id);
    expect(await apiKeys().authenticate(secret)).toBeUndefined();
  });

  it('must name a role of an installed app', async () => {
    await expect(apiKeys().create({ name: 'Bad', app: 'sales', role: 'emperor', createdBy: adminId })).rejects.toMatchObject({ code: 'role.unknown', problems: [{ path: '/role' }] });
    await expect(apiKeys().create({ name: 'Bad', app: 'elsewhere', role: 'sales_rep', createdBy: adminId })).rejects.toMatchObject({ code: 'app.notFound' });
  });
});
