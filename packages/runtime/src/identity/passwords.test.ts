import { describe, expect, it } from 'vitest';
import { IdentityError } from './errors.ts';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './passwords.ts';

describe('password policy', () => {
  it('refuses passwords under 10 characters, naming the input', () => {
    expect(() => checkPasswordPolicy('short pw!', 'wang.lei')).toThrow(IdentityError);
    const error = (() => {
      try {
        checkPasswordPolicy('123456789', 'wang.lei', '/newPassword');
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ code: 'password.tooWeak', problems: [{ path: '/newPassword', code: 'password.tooWeak' }] });
    expect(() => checkPasswordPolicy('1234567890', 'wang.lei')).not.toThrow();
  });

  it('refuses the login as password, in any letter case', () => {
    expect(() => checkPasswordPolicy('Wang.Lei.Sales', 'wang.lei.sales')).toThrow(/must not be the login/);
  });

  it('counts characters, not bytes: ten Chinese characters are enough', () => {
    expect(() => checkPasswordPolicy('春眠不觉晓处处闻啼鸟', 'wang.lei')).not.toThrow();
    expect(() => checkPasswordPolicy('春眠不觉晓处处闻啼', 'wang.lei')).toThrow();
  });
});

describe('password hashes', () => {
  it('are argon2id, salted, and verify only the right password', async () => {
    const first = await hashPassword('correct horse battery');
    const second = await hashPassword('correct horse battery');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(first, 'correct horse batterY')).toBe(false);
  });
});

describe('generated passwords', () => {
  it('pass the policy and differ each time', () => {
    const passwords = new Set(Array.from({ length: 50 }, () => generatePassword()));
    expect(passwords.size).toBe(50);
    for (const p of passwords) {
      expect(p).toHaveLength(20);
      expect(() => checkPasswordPolicy(p, 'admin')).not.toThrow();
      expect(p).not.toMatch(/[0O1lI]/);
    }
  });
});
