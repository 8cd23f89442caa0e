/**
 * How PostgreSQL values come back to JavaScript, the same on `pg` and PGlite.
 *
 * | PostgreSQL                     | JavaScript                                                     |
 * | ------------------------------ | -------------------------------------------------------------- |
 * | `int2`, `int4`, `float4/8`     | `number`                                                       |
 * | `int8` (`bigint`, `count(*)`)  | `number`; a `bigint` beyond ±2^53, so no digit is ever lost     |
 * | `numeric`                      | `string`, exact (money stays exact; convert deliberately)      |
 * | `timestamptz`                  | `Date`                                                         |
 * | `timestamp` (no time zone)     | `Date`, reading the wall-clock value as UTC                    |
 * | `date`                         | `string` `YYYY-MM-DD`: a calendar day, not an instant          |
 * | `time`, `interval`             | `string` as PostgreSQL prints it                               |
 * | `json`, `jsonb`                | the parsed value                                               |
 * | `bytea`                        | `Buffer`                                                       |
 * | arrays of these                | arrays of the same                                             |
 *
 * `infinity` / `-infinity` timestamps come back as `Infinity` / `-Infinity` (as `pg` does).
 * Both kinds of database run their sessions in the `UTC` time zone.
 */

/** Type OIDs whose parsing this module decides. */
export const PostgresTypeOid = {
  bytea: 17,
  int8: 20,
  json: 114,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  interval: 1186,
  numeric: 1700,
  jsonb: 3802,
} as const;

/** Array type OIDs whose element type is one of {@link PostgresTypeOid}, mapped to that element type. */
export const arrayElementOid: Readonly<Record<number, number>> = {
  1001: PostgresTypeOid.bytea,
  1016: PostgresTypeOid.int8,
  199: PostgresTypeOid.json,
  1182: PostgresTypeOid.date,
  1115: PostgresTypeOid.timestamp,
  1185: PostgresTypeOid.timestamptz,
  1187: PostgresTypeOid.interval,
  1231: PostgresTypeOid.numeric,
  3807: PostgresTypeOid.jsonb,
};

/** Turns PostgreSQL's text form of a value into its JavaScript value. */
export type TypeParser = (text: string) => unknown;

const keepText: TypeParser = (text) => text;

/**
 * `int8` as a `number` when it is a safe integer, else as a `bigint`.
 *
 * ```ts
 * parseInt8('42') // 42
 * parseInt8('9007199254740993') // 9007199254740993n
 * ```
 */
export function parseInt8(text: string): number | bigint {
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : BigInt(text);
}

const timestampText =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?|Z)?( BC)?$/;

/**
 * A `timestamp` or `timestamptz` in PostgreSQL's ISO output style as a `Date`. A value without an
 * offset (`timestamp`) is read as UTC. Microseconds are cut to milliseconds.
 *
 * ```ts
 * parseTimestamp('2024-03-01 09:30:00.25+08') // 2024-03-01T01:30:00.250Z
 * parseTimestamp('2024-03-01 09:30:00')       // 2024-03-01T09:30:00.000Z
 * ```
 */
export function parseTimestamp(text: string): Date | number {
  if (text === 'infinity') return Infinity;
  if (text === '-infinity') return -Infinity;
  const match = timestampText.exec(text);
  if (!match) return new Date(Number.NaN);
  const [
    ,
    year,
    month,
    day,
    hour,
    minute,
    second,
    fraction,
    sign,
    offsetHours,
    offsetMinutes,
    offsetSeconds,
    bc,
  ] = match;
  const date = new Date(0);
  const fullYear = bc ? 1 - Number(year) : Number(year);
  date.setUTCFullYear(fullYear, Number(month) - 1, Number(day));
  date.setUTCHours(
    Number(hour),
    Number(minute),
    Number(second),
    fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0,
  );
  if (sign) {
    const offset =
      (Number(offsetHours) * 3600 + Number(offsetMinutes ?? 0) * 60 + Number(offsetSeconds ?? 0)) *
      1000;
    date.setTime(date.getTime() - (sign === '-' ? -offset : offset));
  }
  return date;
}

/** `bytea` in hex output format (PostgreSQL's default `bytea_output`) as a `Buffer`. */
export function parseBytea(text: string): Buffer {
  if (!text.startsWith('\\x'))
    throw new Error("bytea value is not in hex format; keep the session's bytea_output = 'hex'");
  return Buffer.from(text.slice(2), 'hex');
}

/** The parsers of the types in {@link PostgresTypeOid}, by OID. Every other type keeps its driver's default, which agree. */
export const typeParsers: Readonly<Record<number, TypeParser>> = {
  [PostgresTypeOid.bytea]: parseBytea,
  [PostgresTypeOid.int8]: parseInt8,
  [PostgresTypeOid.json]: (text) => JSON.parse(text),
  [PostgresTypeOid.jsonb]: (text) => JSON.parse(text),
  [PostgresTypeOid.date]: keepText,
  [PostgresTypeOid.timestamp]: parseTimestamp,
  [PostgresTypeOid.timestamptz]: parseTimestamp,
  [PostgresTypeOid.interval]: keepText,
  [PostgresTypeOid.numeric]: keepText,
};

/** The time zone of every session, so that `now()::date` and `date_trunc` agree on both kinds of database. */
export const sessionTimeZone = 'UTC';
