/**
 * An in-process cache with a size bound (oldest entry out first), an optional age limit, and a
 * generation that protects against a classic race: a value read from the database before an
 * invalidation must not be stored after it.
 *
 * @example
 * const cache = new BoundedCache<number, Subject>({ maxEntries: 10_000 });
 * const value = await cache.load(7, () => readSubject(7)); // stored only if nothing was invalidated meanwhile
 * cache.clear();                                           // NOTIFY from another instance
 */
export interface BoundedCacheOptions {
  maxEntries?: number;
  /** Entries older than this are read again; unset: kept until invalidated or pushed out. */
  maxAgeMs?: number | undefined;
  now?: () => number;
}

export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; at: number }>();
  private generation = 0;
  private readonly maxEntries: number;
  private readonly maxAgeMs: number | undefined;
  private readonly now: () => number;

  constructor(options: BoundedCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.maxAgeMs = options.maxAgeMs;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.maxAgeMs !== undefined && this.now() - entry.at >= this.maxAgeMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * The cached value, or `read()`'s, stored unless the cache was invalidated while reading (or
   * `keep` says no).
   */
  async load(key: K, read: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const generation = this.generation;
    const value = await read();
    if (generation === this.generation && keep(value)) this.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.now() });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): void {
    this.generation++;
    this.entries.delete(key);
  }

  /** Drops the entries whose value matches. */
  deleteWhere(matches: (value: V, key: K) => boolean): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (matches(entry.value, key)) this.entries.delete(key);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
