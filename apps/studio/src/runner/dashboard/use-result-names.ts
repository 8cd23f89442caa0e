/** Names of the people and departments a report result groups by (decision 055's directory). */
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { loadPerson, useDepartments } from '../data/people.ts';
import type { ReportResult } from './dashboard-api.ts';
import type { NameLookup } from './widget-model.ts';

export function useResultNames(result: ReportResult | undefined): NameLookup {
  const userColumns = result?.columns.filter((c) => c.kind === 'dimension' && c.type === 'user').map((c) => c.key) ?? [];
  const hasDepartments = result?.columns.some((c) => c.kind === 'dimension' && c.type === 'department') ?? false;
  const ids = [...new Set((result?.rows ?? []).flatMap((row) => userColumns.map((k) => row[k]).filter((v): v is number => typeof v === 'number')))];
  const people = useQueries({ queries: ids.map((id) => ({ queryKey: ['person', id], queryFn: () => loadPerson(id), staleTime: 5 * 60_000 })) });
  const departments = useDepartments();
  const names = people.map((p) => p.data?.name ?? '').join('\u0000');
  return useMemo(() => {
    const byId = new Map(ids.map((id, i) => [id, people[i]?.data?.name]));
    const departmentNames = new Map((hasDepartments ? (departments.data ?? []) : []).map((d) => [d.id, d.name]));
    return { person: (id) => byId.get(id) ?? undefined, department: (id) => departmentNames.get(id) };
  }, [names, ids.join(','), departments.data, hasDepartments]);
}
