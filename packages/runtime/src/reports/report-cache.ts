/**
 * Report results kept per compiled statement: its SQL text and parameters hold the report, the
 * parameters' values and the viewer's permission scope, so two viewers share an entry exactly when
 * they would get the same answer. A write to any entity a report reads drops its entries
 * (`Reports.written`, called by the records facade after each committed write). Entries also
 * expire after `ttlMs`, which bounds how stale another server instance's entry can be.
 */
export interface CachedResult<T> {
  value: T;
  entities: ReadonlySet<string>;
  at: number;
}

export class ReportCache<T> {
  private readonly entries = new Map<string, CachedResult<T>>();

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly maxEntries = 500,
  ) {}

  get(key: string, now = Date.now()): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    // Most recently used last: the first entry is the one to evict.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: T, entities: Iterable<string>, now = Date.now()): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, entities: new Set(entities), at: now });
  }

  /** Drops every entry of the app that read the entity. */
  invalidate(app: string, entity: string): void {
    const tag = `${app}.${entity}`;
    for (const [key, entry] of this.entries) if (entry.entities.has(tag)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
