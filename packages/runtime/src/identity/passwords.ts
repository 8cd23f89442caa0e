/**
 * Passwords: the policy, argon2id hashing (OWASP's parameters: 19 MiB, 2 passes, 1 lane) and
 * generated passwords for first starts and resets.
 *
 * @example
 * checkPasswordPolicy('correct horse battery', 'wang.lei');  // throws password.tooWeak when too short
 * const stored = await hashPassword('correct horse battery'); // '$argon2id$v=19$m=19456,t=2,p=1$…'
 * await verifyPassword(stored, 'correct horse battery');      // true
 */
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { IdentityError } from './errors.ts';

export const passwordPolicy = {
  minLength: 10,
  /** Longer inputs only cost hashing time; no person types more. */
  maxLength: 256,
} as const;

const argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Throws `password.tooWeak` (at `path`) unless `password` has 10 to 256 characters and is not the
 * login itself (in any letter case).
 */
export function checkPasswordPolicy(password: string, login: string, path = '/password'): void {
  const length = [...password].length;
  let message: string | undefined;
  if (length < passwordPolicy.minLength) message = `must have at least ${passwordPolicy.minLength} characters`;
  else if (length > passwordPolicy.maxLength) message = `must have at most ${passwordPolicy.maxLength} characters`;
  else if (password.trim().toLowerCase() === login.trim().toLowerCase()) message = 'must not be the login';
  if (message) throw new IdentityError('password.tooWeak', `The password ${message}`, [{ path, code: 'password.tooWeak', message }]);
}

/** The argon2id hash of a password, in PHC string form (salt and parameters included). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

/** Whether `password` matches the stored hash. */
export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password);
}

let dummy: Promise<string> | undefined;

/**
 * Verifies against a fixed hash and answers false: spends the time a real check spends, so an
 * unknown login cannot be told from a wrong password by the response time.
 */
export async function spendVerifyTime(password: string): Promise<false> {
  dummy ??= hashPassword('pipewright-timing-equaliser');
  await verify(await dummy, password);
  return false;
}

// No 0/O, 1/l/I: a generated password is read off a console and typed.
const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A random password of `length` characters (default 20: about 117 bits). */
export function generatePassword(length = 20): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
