/**
 * Names of people and departments (`GET /api/people`, decision 055). Widgets ask for one id at a
 * time; the ids asked for in the same tick go out as one request, each answer cached by TanStack
 * Query under `['person', id]`.
 *
 * @example
 * const name = usePersonName(record.owner_id);
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export interface Person {
  id: number;
  name: string;
  departmentId: number | null;
  active: boolean;
}

export interface DepartmentName {
  id: number;
  name: string;
  parentId: number | null;
}

let pending = new Map<number, { resolve(person: Person | null): void; reject(error: unknown): void }[]>();
let scheduled = false;

function flush(): void {
  scheduled = false;
  const batch = pending;
  pending = new Map();
  const ids = [...batch.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    api
      .get<{ items: Person[] }>('/api/people', { ids: chunk.join(',') })
      .then(({ items }) => {
        const byId = new Map(items.map((p) => [p.id, p]));
        for (const id of chunk) for (const waiter of batch.get(id) ?? []) waiter.resolve(byId.get(id) ?? null);
      })
      .catch((error: unknown) => {
        for (const id of chunk) for (const waiter of batch.get(id) ?? []) waiter.reject(error);
      });
  }
}

/** One person, fetched together with the others asked for in the same tick. */
export function loadPerson(id: number): Promise<Person | null> {
  return new Promise((resolve, reject) => {
    const waiters = pending.get(id) ?? [];
    waiters.push({ resolve, reject });
    pending.set(id, waiters);
    if (!scheduled) {
      scheduled = true;
      setTimeout(flush, 0);
    }
  });
}

const validId = (id: unknown): id is number => typeof id === 'number' && Number.isSafeInteger(id) && id > 0;

export function usePerson(id: unknown): Person | null | undefined {
  const { data } = useQuery({ queryKey: ['person', id], queryFn: () => loadPerson(id as number), enabled: validId(id), staleTime: 5 * 60_000 });
  return data;
}

/** People matching a search, for pickers: active users only. */
export function usePeopleSearch(q: string, enabled = true) {
  return useQuery({
    queryKey: ['people', 'search', q],
    queryFn: () => api.get<{ items: Person[] }>('/api/people', { q: q.trim() || undefined, limit: 30 }).then((a) => a.items),
    enabled,
    staleTime: 60_000,
  });
}

export function useDepartments() {
  return useQuery({
    queryKey: ['people', 'departments'],
    queryFn: () => api.get<{ items: DepartmentName[] }>('/api/people/departments').then((a) => a.items),
    staleTime: 5 * 60_000,
  });
}
