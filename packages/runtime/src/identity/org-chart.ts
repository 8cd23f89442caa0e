/**
 * The organisation as plain data: departments as a tree, users in departments, manager chains.
 * Built once from two queries and kept by the {@link Directory} until something changes, so
 * questions such as "which users sit in department 3 and below" cost no database round trip.
 *
 * A user's manager chain: the user's own `manager`, or when unset the manager of the nearest
 * department (own, then its parents) that is not the user; then that manager's chain, and so on,
 * each person once.
 *
 * @example
 * const org = new OrgChart(departments, users);
 * org.departmentTree(3);            // [3, 8, 9]: 3 and every department below it
 * org.usersInDepartments([8, 9]);   // [12, 15]
 * org.managerChain(15);             // [12, 7]
 */
export interface DepartmentRow {
  id: number;
  name: string;
  code: string | null;
  parentId: number | null;
  managerId: number | null;
  position: number;
}

export interface OrgUserRow {
  id: number;
  departmentId: number | null;
  managerId: number | null;
}

export interface DepartmentNode extends DepartmentRow {
  children: DepartmentNode[];
}

export class OrgChart {
  private readonly byId = new Map<number, DepartmentRow>();
  private readonly childrenOf = new Map<number | null, DepartmentRow[]>();
  private readonly usersByDepartment = new Map<number, number[]>();
  private readonly users = new Map<number, OrgUserRow>();
  private readonly trees = new Map<number, readonly number[]>();

  constructor(departments: readonly DepartmentRow[], users: readonly OrgUserRow[]) {
    for (const d of departments) this.byId.set(d.id, d);
    for (const d of departments) {
      const parent = d.parentId !== null && this.byId.has(d.parentId) ? d.parentId : null;
      const siblings = this.childrenOf.get(parent);
      if (siblings) siblings.push(d);
      else this.childrenOf.set(parent, [d]);
    }
    for (const siblings of this.childrenOf.values()) siblings.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name) || a.id - b.id);
    for (const u of users) {
      this.users.set(u.id, u);
      if (u.departmentId === null) continue;
      const list = this.usersByDepartment.get(u.departmentId);
      if (list) list.push(u.id);
      else this.usersByDepartment.set(u.departmentId, [u.id]);
    }
  }

  department(id: number): DepartmentRow | undefined {
    return this.byId.get(id);
  }

  /** `id` and every department below it, parents before children; empty for an unknown id. */
  departmentTree(id: number): readonly number[] {
    const cached = this.trees.get(id);
    if (cached) return cached;
    if (!this.byId.has(id)) return [];
    const out: number[] = [];
    const seen = new Set<number>();
    const walk = (d: number) => {
      if (seen.has(d)) return; // a cycle cannot be written, but a tree read mid-change must not loop
      seen.add(d);
      out.push(d);
      for (const child of this.childrenOf.get(d) ?? []) walk(child.id);
    };
    walk(id);
    this.trees.set(id, out);
    return out;
  }

  /** The departments above `id`, nearest first. */
  ancestors(id: number): number[] {
    const out: number[] = [];
    let parent = this.byId.get(id)?.parentId ?? null;
    while (parent !== null && this.byId.has(parent) && !out.includes(parent) && parent !== id) {
      out.push(parent);
      parent = this.byId.get(parent)!.parentId;
    }
    return out;
  }

  /**
   * Ids of the users assigned to any of these departments, inactive users included (a leaver's
   * records stay visible to the department until they are transferred).
   */
  usersInDepartments(departmentIds: readonly number[]): number[] {
    return [...new Set(departmentIds)].flatMap((d) => this.usersByDepartment.get(d) ?? []);
  }

  /** The user's managers, nearest first (see the module comment). */
  managerChain(userId: number): number[] {
    const chain: number[] = [];
    const seen = new Set<number>([userId]);
    let current = userId;
    for (;;) {
      const next = this.directManager(current);
      if (next === undefined || seen.has(next)) return chain;
      chain.push(next);
      seen.add(next);
      current = next;
    }
  }

  /** The explicit manager, else the manager of the nearest department that is not the user. */
  directManager(userId: number): number | undefined {
    const user = this.users.get(userId);
    if (!user) return undefined;
    if (user.managerId !== null) return user.managerId;
    if (user.departmentId === null) return undefined;
    for (const d of [user.departmentId, ...this.ancestors(user.departmentId)]) {
      const manager = this.byId.get(d)?.managerId ?? null;
      if (manager !== null && manager !== userId) return manager;
    }
    return undefined;
  }

  /** Every department as a forest, siblings by position then name. */
  forest(): DepartmentNode[] {
    const build = (parent: number | null, seen: Set<number>): DepartmentNode[] =>
      (this.childrenOf.get(parent) ?? [])
        .filter((d) => !seen.has(d.id))
        .map((d) => ({ ...d, children: build(d.id, new Set([...seen, d.id])) }));
    return build(null, new Set());
  }

  /** Every department, flat. */
  departments(): DepartmentRow[] {
    return [...this.byId.values()];
  }
}

/**
 * Whether making `parentId` the parent of department `id` would put `id` below itself. `parentOf`
 * answers the current parent of any department.
 */
export function wouldCycle(id: number, parentId: number | null, parentOf: (department: number) => number | null | undefined): boolean {
  const seen = new Set<number>();
  for (let at: number | null | undefined = parentId; at !== null && at !== undefined; at = parentOf(at)) {
    if (at === id) return true;
    if (seen.has(at)) return true; // already broken: refuse rather than loop
    seen.add(at);
  }
  return false;
}
