/**
 * What assignment decides over: the people who could receive records, as the runtime saw them at
 * one moment. Strategies are pure functions of a snapshot; each pick returns the next snapshot
 * (the chosen rep has one more open record and is the latest to have received one), so a bulk
 * create of 100 leads threads one snapshot through 100 picks and spreads them fairly.
 */

/** One person who may receive records. */
export interface Candidate {
  userId: number;
  /** Login name, which metadata uses to name a fixed user. */
  login: string;
  /** False for deactivated users: never assigned. */
  active: boolean;
  /** Marked on leave: passed over until they return. */
  onLeave: boolean;
  /** Role keys in the app. */
  roles: readonly string[];
  /** Codes of their department and the departments above it. */
  departments: readonly string[];
  /** Codes of their teams. */
  teams: readonly string[];
  /** Open records of the entity they own now. */
  openRecords: number;
  /** When they last received a record from this pool, as a sequence number (0: never). Kept by the runtime across restarts. */
  lastAssigned: number;
}

export interface LoadSnapshot {
  readonly candidates: readonly Candidate[];
  /** The highest `lastAssigned` handed out so far; the next pick gets `sequence + 1`. */
  readonly sequence: number;
}

/** Who a record went to and why, for the record's history ("why is this lead mine?"). */
export interface Assignment {
  /** The chosen user, or null when nobody could take it. */
  userId: number | null;
  /** The strategy that decided, e.g. `territory(华东大区) → roundRobin`. */
  strategy: string;
  /** One sentence: why this user (or why nobody). */
  reason: string;
}

/** The snapshot after `userId` received one record. */
export function afterPick(snapshot: LoadSnapshot, userId: number): LoadSnapshot {
  const sequence = snapshot.sequence + 1;
  return {
    sequence,
    candidates: snapshot.candidates.map((c) => (c.userId === userId ? { ...c, openRecords: c.openRecords + 1, lastAssigned: sequence } : c)),
  };
}

/** A snapshot of the given people, none of whom has received a record yet. */
export function loadSnapshot(candidates: readonly (Partial<Candidate> & { userId: number })[]): LoadSnapshot {
  return {
    sequence: Math.max(0, ...candidates.map((c) => c.lastAssigned ?? 0)),
    candidates: candidates.map((c) => ({
      login: `user${c.userId}`,
      active: true,
      onLeave: false,
      roles: [],
      departments: [],
      teams: [],
      openRecords: 0,
      lastAssigned: 0,
      ...c,
    })),
  };
}
