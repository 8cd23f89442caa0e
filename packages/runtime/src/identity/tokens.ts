/**
 * Random secrets and their stored form. Session tokens and API keys carry 256 random bits, so a
 * plain SHA-256 is a safe stored form (nothing to brute-force) and cheap to look up.
 *
 * @example
 * const token = randomToken();           // 43 characters of base64url
 * const id = sha256Hex(token);           // what the sessions table keeps
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes as base64url (43 characters). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a string, as 64 hex digits. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares two strings in time that depends on their length only. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A base64url token of 43 characters, as {@link randomToken} makes: anything else is not looked up. */
export const tokenPattern = /^[A-Za-z0-9_-]{43}$/;
