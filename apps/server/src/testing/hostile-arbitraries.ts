/**
 * fast-check generators of what a hostile or careless client sends to the records API of the
 * every-field test app (`every-field-bundle.ts`): record bodies with valid, nearly valid and
 * hostile values per field type, filters (every operator on every field), sorts, cursors, ids and
 * search words. Used by the HTTP property tests; not part of the API.
 */
import fc from 'fast-check';

/** Ids of records the generators may refer to (filled in once the test has created them). */
export interface KnownIds {
  accounts: number[];
  parts: number[];
  tags: number[];
  quotes: number[];
  users: number[];
}

const huge = [1e20, -1e20, 2 ** 53, 2 ** 63, 1e308, Number.MAX_SAFE_INTEGER, -0, 0, -1, 1.5, 0.123456789, 1e-7];
const hostileText = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uFFFF',
  'x'.repeat(300),
  '星'.repeat(5000),
  "'; DROP TABLE app_probe.quote; --",
  '<script>alert(1)</script>',
  '%_\\',
  '1e20',
  '100000000000000000000',
  'NaN',
  'Infinity',
  '2024-02-30',
  '0000-01-01',
  '9999-12-31T23:59:59-01:00',
  '+275760-09-13T00:00:00.000Z',
  'true',
  'null',
  '{"var":"currentUser"}',
];

/** A value nested `depth` levels deep: `{ a: { a: … } }` or `[[…]]`. */
export function nested(depth: number, kind: 'object' | 'array'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === 'object' ? { a: value } : [value];
  return value;
}

/** Values no field accepts as they are, or accepts only barely: wrong types, extremes, NUL, depth. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, [], {}, [null], [1e20], { id: 1e20 }, nested(40, 'object'), nested(2000, 'array'), { lat: 1e20, lng: 'x' }),
  fc.constantFrom(...huge),
  fc.constantFrom(...hostileText),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double(),
  fc.integer(),
);

const isoDate = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
const date = isoDate.map((d) => d.toISOString().slice(0, 10));
const dateTime = isoDate.map((d) => d.toISOString());
const file = fc.record({ id: fc.string({ minLength: 1, maxLength: 10 }), name: fc.string({ minLength: 1, maxLength: 20 }), size: fc.oneof(fc.nat(), fc.constant(1e20)) }, { requiredKeys: ['id', 'name'] });

/** A generator per field of `quote` of values that are valid or nearly so (edge cases, near misses). */
export function quoteValues(ids: KnownIds): Record<string, fc.Arbitrary<unknown>> {
  const some = (list: number[]) => (list.length > 0 ? fc.constantFrom(...list) : fc.constant(1));
  const idOr = (list: number[]) => fc.oneof({ arbitrary: some(list), weight: 4 }, { arbitrary: fc.constantFrom(999_999, 1e20, 0, -1, '1'), weight: 1 });
  return {
    name: fc.string({ minLength: 1, maxLength: 60 }),
    constructor: fc.string({ maxLength: 20 }),
    letters: fc.oneof(fc.integer({ min: 1, max: 80 }).map((n) => 'a'.repeat(n)), fc.integer({ min: 1, max: 80 }).map((n) => `${'a'.repeat(n)}!`)),
    notes: fc.string({ maxLength: 200 }),
    body: fc.constantFrom('<p>hi</p>', '<img src=x onerror=alert(1)>', '<b>星辰</b>'),
    count: fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.constantFrom(1.5, 2.25)),
    quantity: fc.oneof(fc.integer({ min: -1e9, max: 1e9 }).map((n) => n / 100), fc.constantFrom(9.99e27, 1e28, 1e29, 0.001)),
    score: fc.double({ min: -1e16, max: 1e16, noNaN: true }),
    amount: fc.oneof(fc.integer({ min: -1e12, max: 1e12 }).map((n) => n / 100), fc.constantFrom(0.001, 1e15, 1e16)),
    fine_amount: fc.constantFrom(9_999_999_999.5, 1e10, 0.0000000001, 1.123456789012),
    ratio: fc.oneof(fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10_000), fc.constantFrom(0.123456, 1e6, 1e7)),
    wide_ratio: fc.constantFrom(99_999_999.9999, 1e8, -1e8, 5),
    due: fc.oneof(date, fc.constantFrom('2024-02-29', '2023-02-29', '0001-01-01', '9999-12-31')),
    met_at: fc.oneof(dateTime, fc.constantFrom('2026-11-22T08:30:00+08:00', '2024-01-01T23:59:60Z', '0001-01-01T00:00:00+01:00')),
    vip: fc.boolean(),
    stage: fc.constantFrom('draft', 'sent', 'won'),
    channels: fc.subarray(['web', 'fair', 'mail']),
    industry: fc.constantFrom(['mfg'], ['mfg', 'auto'], ['auto'], ['mfg', 'x']),
    region: fc.constantFrom(['310000'], ['310000', '310100'], ['310000', '320100'], ['012345']),
    rep: idOr(ids.users),
    helpers: fc.array(idOr(ids.users), { maxLength: 3 }),
    team: fc.constantFrom(1, 999_999, 1e20),
    customer: idOr(ids.accounts),
    tags: fc.array(idOr(ids.tags), { maxLength: 4 }),
    parts: fc.array(
      fc.oneof(
        { arbitrary: fc.record({ part: some(ids.parts), qty: fc.nat({ max: 100 }), price: fc.integer({ min: 0, max: 1e6 }).map((n) => n / 100) }), weight: 4 },
        {
          arbitrary: fc.record(
            { part: fc.oneof(idOr(ids.parts), hostileValue), qty: fc.oneof(fc.constantFrom(1.5, -1), hostileValue), price: hostileValue, line_total: fc.constant(5), id: fc.constantFrom(1, 1e20) },
            { requiredKeys: [] },
          ),
          weight: 1,
        },
      ),
      { maxLength: 4 },
    ),
    files: fc.array(file, { maxLength: 3 }),
    photos: fc.array(file, { maxLength: 2 }),
    signed: fc.array(file, { maxLength: 2 }),
    place: fc.record({ lat: fc.double({ min: -100, max: 100, noNaN: true }), lng: fc.double({ min: -200, max: 200, noNaN: true }), address: fc.string({ maxLength: 20 }) }, { requiredKeys: ['lat'] }),
    email: fc.oneof(fc.emailAddress(), fc.constantFrom('Taken@Example.com', 'not-an-email')),
    mobile: fc.oneof(fc.stringMatching(/^1[3-9]\d{9}$/), fc.constantFrom('+86 138-0013-8000', '12345')),
    website: fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'ftp://x')),
    stars: fc.integer({ min: -1, max: 7 }),
    owner_id: idOr(ids.users),
  };
}

/** Keys no entity has, or that reach for prototypes. */
const strangeKeys = fc.constantFrom('number', 'weighted', 'nope', 'id', 'version', 'created_at', 'na\u0000me', '__proto__', 'constructor', 'toString', '', '/', '~');

/**
 * A record body for `quote`: valid or nearly valid values for a subset of its fields, then as
 * often one field given a hostile value, one strange key added, or no object at all.
 */
export function quoteBody(ids: KnownIds): fc.Arbitrary<unknown> {
  const values = quoteValues(ids);
  const keys = Object.keys(values);
  // A few fields at a time (the name mostly among them), so that many bodies are valid.
  const body = fc
    .tuple(fc.boolean(), fc.subarray(keys, { maxLength: 6 }))
    .chain(([named, chosen]) => fc.record(Object.fromEntries((named ? ['name', ...chosen] : chosen).map((k) => [k, values[k]!]))))
    .map((b) => b as Record<string, unknown>);
  return fc.oneof(
    { arbitrary: body, weight: 6 },
    { arbitrary: fc.tuple(body, fc.constantFrom(...keys), hostileValue).map(([b, key, value]) => withKey(b, key, value)), weight: 3 },
    { arbitrary: fc.tuple(body, strangeKeys, hostileValue).map(([b, key, value]) => withKey(b, key, value)), weight: 1 },
    { arbitrary: hostileValue, weight: 1 },
  );
}

/** `body` with an own property `key` (also `__proto__`, which a literal cannot make own). */
export function withKey(body: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...body };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

const operators = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in', 'notIn', 'between', 'within', 'contains', 'notContains', 'startsWith', 'endsWith', 'isEmpty', 'isNotEmpty', 'like', ''];
/** Every field path a filter or sort may name, and some it may not. */
export const fieldPaths = [
  'id', 'owner_id', 'created_by', 'created_at', 'updated_at', 'version', 'deleted_at',
  'name', 'constructor', 'letters', 'notes', 'body', 'count', 'quantity', 'score', 'amount', 'fine_amount', 'ratio', 'wide_ratio', 'due', 'met_at',
  'vip', 'stage', 'channels', 'industry', 'region', 'rep', 'helpers', 'team', 'customer', 'tags', 'parts', 'files', 'photos', 'signed', 'place',
  'email', 'mobile', 'website', 'stars', 'number', 'weighted', 'customer.name', 'customer.id', 'customer.created_at', 'customer.quotes', 'nope', 'name.x', '__proto__',
];

const period = fc.oneof(
  fc.constantFrom('today', 'yesterday', 'tomorrow', 'thisWeek', 'lastWeek', 'nextWeek', 'thisMonth', 'lastMonth', 'nextMonth', 'thisQuarter', 'lastQuarter', 'nextQuarter', 'thisYear', 'lastYear', 'nextYear', 'someday', '').map((p) => ({ period: p })),
  fc.record({ last: fc.oneof(fc.integer({ min: 1, max: 3650 }), fc.constantFrom(0, 3651, 1e9, 1.5)), unit: fc.constantFrom('day', 'week', 'month', 'quarter', 'year', 'fortnight') }),
  fc.record({ next: fc.oneof(fc.integer({ min: 1, max: 3650 }), fc.constantFrom(-1, 1e20)), unit: fc.constantFrom('day', 'week', 'month', 'quarter', 'year') }),
  fc.constantFrom<unknown>({ var: 'today' }, 'thisMonth', null, { period: 'today', last: 1 }),
);

/** A filter condition value: valid values of every family, variables, and hostile ones. */
function conditionValue(ids: KnownIds): fc.Arbitrary<unknown> {
  const values = quoteValues(ids);
  return fc.oneof(
    fc.constantFrom(...Object.keys(values)).chain((key) => values[key]!),
    fc.constantFrom<unknown>({ var: 'currentUser' }, { var: 'today' }, { var: 'now' }, { var: 'currentUserDepartment' }, { var: 'currentUserTeam' }, { var: 'nope' }),
    hostileValue,
  );
}

/** A filter of the filter language, often wrong: every operator on every field path, nested. */
export function filterArbitrary(ids: KnownIds): fc.Arbitrary<unknown> {
  const value = conditionValue(ids);
  const condition = fc.record(
    {
      field: fc.oneof({ arbitrary: fc.constantFrom(...fieldPaths), weight: 9 }, { arbitrary: hostileValue, weight: 1 }),
      op: fc.oneof({ arbitrary: fc.constantFrom(...operators), weight: 9 }, { arbitrary: hostileValue, weight: 1 }),
      value: fc.oneof(value, fc.array(value, { maxLength: 3 }), fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 17, maxLength: 40 }), period),
    },
    { requiredKeys: ['field', 'op'] },
  );
  const { filter } = fc.letrec<{ filter: unknown }>((tie) => ({
    filter: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      condition,
      fc.array(tie('filter'), { maxLength: 3 }).map((and) => ({ and })),
      fc.array(tie('filter'), { maxLength: 3 }).map((or) => ({ or })),
      tie('filter').map((not) => ({ not })),
      fc.constantFrom<unknown>({ and: 'x' }, { not: null }, [], 5, { field: 'name' }, nested(30, 'object')),
    ),
  }));
  return filter;
}

/** The `sort` parameter: comma lists, JSON lists, and garbage. */
export const sortArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.tuple(fc.constantFrom('', '-', '+'), fc.constantFrom(...fieldPaths)), { minLength: 1, maxLength: 4 }).map((items) => items.map(([d, f]) => d + f).join(',')),
  fc
    .array(fc.record({ field: fc.constantFrom(...fieldPaths), direction: fc.constantFrom('asc', 'desc', 'up'), nulls: fc.constantFrom('first', 'last', 'middle') }, { requiredKeys: ['field'] }), { minLength: 1, maxLength: 9 })
    .map((s) => JSON.stringify(s)),
  fc.string({ maxLength: 30 }),
);

/** Text for `q` / `search`. */
export const searchArbitrary: fc.Arbitrary<string> = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...hostileText), fc.string({ unit: 'binary', maxLength: 20 }));

/** A cursor derived from a real one: a value replaced, the text cut or flipped, or made up. */
export function cursorArbitrary(real: readonly string[]): fc.Arbitrary<string> {
  const forged = fc.array(hostileValue, { maxLength: 4 }).map((values) => Buffer.from(JSON.stringify(values)).toString('base64url'));
  if (real.length === 0) return forged;
  const cursor = fc.constantFrom(...real);
  return fc.oneof(
    cursor,
    fc.tuple(cursor, fc.nat(), hostileValue).map(([c, i, v]) => {
      const values = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown[];
      values[i % values.length] = v;
      return Buffer.from(JSON.stringify(values)).toString('base64url');
    }),
    fc.tuple(cursor, fc.nat()).map(([c, n]) => c.slice(0, n % (c.length + 1))),
    fc.tuple(cursor, fc.nat(), fc.string({ minLength: 1, maxLength: 1 })).map(([c, n, ch]) => c.slice(0, n % c.length) + ch + c.slice((n % c.length) + 1)),
    forged,
    fc.string({ maxLength: 60 }),
  );
}

/** Text in the place of an id in a path: numbers out of range, signs, exponents, words, escapes. */
export const pathIdArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.nat({ max: 200 }).map(String),
  fc.constantFrom('0', '-1', '1e20', '100000000000000000000', '9007199254740993', '1.5', 'abc', '%00', '1%00', '..%2F..', '%E6%98%9F', '1 OR 1=1', ' 1', '0x10'),
  fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String),
);

/** Ids in bodies: valid, unknown and out of range. */
export function bodyIdArbitrary(known: number[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: known.length > 0 ? fc.constantFrom(...known) : fc.constant(1), weight: 2 },
    { arbitrary: fc.constantFrom(999_999, 0, -5, 1.5, 1e20, 2 ** 63, '7', 'Infinity', null), weight: 1 },
    { arbitrary: hostileValue, weight: 1 },
  );
}

/** A filter a careful client would send: known fields, operators that apply, values of their type. */
export function plausibleFilter(ids: KnownIds): fc.Arbitrary<unknown> {
  const text = fc.string({ minLength: 1, maxLength: 4 });
  const small = fc.integer({ min: -5, max: 50 });
  const day = fc.integer({ min: 1, max: 28 }).map((d) => `2026-0${(d % 9) + 1}-${String(d).padStart(2, '0')}`);
  const some = (list: number[]) => fc.constantFrom(...(list.length > 0 ? list : [1]));
  const goodPeriod = fc.oneof(
    fc.constantFrom('today', 'thisWeek', 'lastMonth', 'thisQuarter', 'thisYear', 'nextYear').map((period) => ({ period })),
    fc.record({ last: fc.integer({ min: 1, max: 3650 }), unit: fc.constantFrom('day', 'week', 'month', 'quarter', 'year') }),
  );
  const families: [string[], string[], fc.Arbitrary<unknown>][] = [
    [['name', 'constructor', 'notes', 'email', 'mobile', 'customer.name'], ['eq', 'ne', 'contains', 'notContains', 'startsWith', 'endsWith', 'lt', 'gte'], text],
    [['count', 'quantity', 'score', 'amount', 'ratio', 'stars', 'id', 'version', 'customer.id'], ['eq', 'ne', 'lt', 'lte', 'gt', 'gte'], small],
    [['due', 'met_at', 'created_at', 'customer.created_at'], ['eq', 'lt', 'gte', 'within'], day],
    [['vip'], ['eq', 'ne'], fc.boolean()],
    [['stage'], ['eq', 'ne'], fc.constantFrom('draft', 'sent')],
    [['channels'], ['contains', 'notContains'], fc.constantFrom('web', 'fair')],
    [['rep', 'customer', 'owner_id'], ['eq', 'ne'], fc.oneof(some(ids.users), some(ids.accounts), fc.constant({ var: 'currentUser' }))],
  ];
  const condition = fc.constantFrom(...families).chain(([fields, ops, value]) =>
    fc.tuple(fc.constantFrom(...fields), fc.constantFrom(...ops, 'isEmpty', 'in', 'between')).chain(([field, op]): fc.Arbitrary<unknown> => {
      if (op === 'isEmpty') return fc.constant({ field, op });
      if (op === 'within') return goodPeriod.map((v) => ({ field, op, value: v }));
      if (op === 'in') return fc.array(value, { maxLength: 3 }).map((v) => ({ field, op, value: v }));
      if (op === 'between') return fc.tuple(value, value).map((v) => ({ field, op, value: v }));
      return value.map((v) => ({ field, op, value: v }));
    }),
  );
  return fc.oneof(condition, fc.array(condition, { maxLength: 3 }).map((and) => ({ and })), condition.map((not) => ({ not })));
}

/** A sort a careful client would send: sortable fields, each once. */
export const plausibleSort: fc.Arbitrary<string> = fc
  .uniqueArray(fc.constantFrom('name', 'constructor', 'count', 'amount', 'due', 'met_at', 'vip', 'stage', 'stars', 'customer', 'customer.name', 'created_at', 'email'), { minLength: 1, maxLength: 3 })
  .chain((fields) => fc.tuple(...fields.map((f) => fc.constantFrom(f, `-${f}`))))
  .map((fields) => fields.join(','));
