/**
 * Which reads run as named prepared statements on PostgreSQL, so that a list or a get asked for
 * again skips parsing and planning: the server keeps the statement per connection and, once its
 * plan does not depend on the values, reuses the plan too.
 *
 * A text is prepared from its second use (one-off statements are never prepared), only plain
 * `SELECT`s are, and texts are tracked in a bounded least-recently-used map. Each connection
 * prepares at most {@link StatementLimits.perConnection} statements; later texts run unnamed on it.
 *
 * ```ts
 * const names = new StatementNames();
 * names.nameFor('select 1 where $1 = 2'); // undefined: first use
 * names.nameFor('select 1 where $1 = 2'); // 'pw_1'
 * ```
 */
export interface StatementLimits {
  /** Statements one connection prepares at most (each holds server memory for its plan). */
  perConnection: number;
  /** Texts remembered at most, prepared or seen once. */
  tracked: number;
}

const plainSelect = /^\s*select\s/i;

export const defaultStatementLimits: StatementLimits = { perConnection: 200, tracked: 5000 };

export class StatementNames {
  readonly limits: StatementLimits;
  /** Text → its name, or `null` when seen once. Insertion order is recency order. */
  readonly #texts = new Map<string, string | null>();
  #counter = 0;

  constructor(limits: StatementLimits = defaultStatementLimits) {
    this.limits = limits;
  }

  /** The name to run `text` under, or `undefined` to run it unnamed. */
  nameFor(text: string): string | undefined {
    if (!plainSelect.test(text)) return undefined;
    const known = this.#texts.get(text);
    this.#texts.delete(text);
    if (known === undefined) {
      this.#texts.set(text, null);
      if (this.#texts.size > this.limits.tracked) this.#texts.delete(this.#texts.keys().next().value!);
      return undefined;
    }
    const name = known ?? `pw_${(++this.#counter).toString(36)}`;
    this.#texts.set(text, name);
    return name;
  }

  /** Stops using the name of `text` (its saved plan no longer fits the tables): the next use prepares it afresh. */
  forget(text: string): void {
    this.#texts.delete(text);
  }
}
