import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OrgChart, wouldCycle, type DepartmentRow } from './org-chart.ts';

const dept = (id: number, parentId: number | null, managerId: number | null = null, position = 0): DepartmentRow => ({ id, name: `d${id}`, code: null, parentId, managerId, position });

//   1 (manager 10)
//   ├── 2 (manager 20)
//   │   └── 4
//   └── 3
const departments = [dept(1, null, 10), dept(2, 1, 20), dept(3, 1, null, -1), dept(4, 2)];
const users = [
  { id: 10, departmentId: 1, managerId: null },
  { id: 20, departmentId: 2, managerId: null },
  { id: 30, departmentId: 4, managerId: null },
  { id: 31, departmentId: 4, managerId: 10 },
  { id: 40, departmentId: 3, managerId: null },
  { id: 50, departmentId: null, managerId: null },
];
const org = new OrgChart(departments, users);

describe('OrgChart', () => {
  it('answers a department and everything below it', () => {
    expect(org.departmentTree(1)).toEqual([1, 3, 2, 4]); // 3 sorts before 2 by position
    expect(org.departmentTree(2)).toEqual([2, 4]);
    expect(org.departmentTree(4)).toEqual([4]);
    expect(org.departmentTree(99)).toEqual([]);
  });

  it('answers the users of departments', () => {
    expect(org.usersInDepartments([2, 4]).sort()).toEqual([20, 30, 31]);
    expect(org.usersInDepartments([])).toEqual([]);
  });

  it('walks manager chains: explicit manager first, else the nearest department manager who is someone else', () => {
    expect(org.managerChain(30)).toEqual([20, 10]); // 4 has no manager → 2's manager → 1's manager
    expect(org.managerChain(31)).toEqual([10]); // explicit manager
    expect(org.managerChain(20)).toEqual([10]); // manages 2 itself → the parent's manager
    expect(org.managerChain(40)).toEqual([10]);
    expect(org.managerChain(10)).toEqual([]);
    expect(org.managerChain(50)).toEqual([]);
  });

  it('builds the forest with children in order', () => {
    const [root] = org.forest();
    expect(root?.id).toBe(1);
    expect(root?.children.map((c) => c.id)).toEqual([3, 2]);
    expect(root?.children[1]?.children.map((c) => c.id)).toEqual([4]);
  });

  it('never loops on a cycle in the data', () => {
    const broken = new OrgChart([dept(1, 2), dept(2, 1)], [{ id: 1, departmentId: 1, managerId: 2 }, { id: 2, departmentId: 2, managerId: 1 }]);
    expect(broken.departmentTree(1)).toEqual([1, 2]);
    expect(broken.managerChain(1)).toEqual([2]);
  });
});

describe('wouldCycle', () => {
  const parents = new Map(departments.map((d) => [d.id, d.parentId]));
  const parentOf = (d: number) => parents.get(d);
  it('refuses a department as its own parent or below a descendant', () => {
    expect(wouldCycle(1, 1, parentOf)).toBe(true);
    expect(wouldCycle(1, 4, parentOf)).toBe(true);
    expect(wouldCycle(2, 4, parentOf)).toBe(true);
    expect(wouldCycle(4, 3, parentOf)).toBe(false);
    expect(wouldCycle(2, null, parentOf)).toBe(false);
  });

  it('agrees with the department trees on random forests', () => {
    const forest = fc.integer({ min: 1, max: 25 }).chain((n) =>
      fc.tuple(fc.constant(n), fc.array(fc.nat(), { minLength: n, maxLength: n }), fc.array(fc.boolean(), { minLength: n, maxLength: n })),
    );
    fc.assert(
      fc.property(forest, ([n, picks, roots]) => {
        // Department i's parent is one of 1..i-1 (so the data is a forest), or none.
        const rows = Array.from({ length: n }, (_, i) => dept(i + 1, i === 0 || roots[i] ? null : 1 + (picks[i]! % i)));
        const chart = new OrgChart(rows, []);
        const parentOf = (d: number) => rows[d - 1]?.parentId;
        for (const moved of rows) {
          for (const target of rows) {
            const below = chart.departmentTree(moved.id).includes(target.id);
            expect(wouldCycle(moved.id, target.id, parentOf)).toBe(below);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
