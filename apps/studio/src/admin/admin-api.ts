/**
 * The administration's data: users, departments, teams, API keys, app versions, as TanStack
 * Query hooks over the platform API (admins only; the server refuses everyone else).
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import type { ApiKey, AppAnswer, AppVersion, Department, Team, User } from '../api/types.ts';

export const adminKeys = {
  users: ['admin', 'users'] as const,
  user: (id: number) => ['admin', 'users', id] as const,
  departments: ['admin', 'departments'] as const,
  teams: ['admin', 'teams'] as const,
  apiKeys: ['admin', 'api-keys'] as const,
  versions: (app: string) => ['admin', 'versions', app] as const,
};

export function useUsers(q?: string) {
  return useQuery({ queryKey: [...adminKeys.users, q ?? ''], queryFn: async () => (await api.get<{ items: User[] }>('/api/users', { q: q || undefined, limit: 1000 })).items });
}

export function useUser(id: number | undefined) {
  return useQuery({ queryKey: adminKeys.user(id ?? 0), enabled: id !== undefined, queryFn: () => api.get<User>(`/api/users/${id ?? 0}`) });
}

export function useDepartments() {
  return useQuery({ queryKey: adminKeys.departments, queryFn: async () => (await api.get<{ items: Department[] }>('/api/departments')).items });
}

export function useTeams() {
  return useQuery({ queryKey: adminKeys.teams, queryFn: async () => (await api.get<{ items: Team[] }>('/api/teams')).items });
}

export function useApiKeys() {
  return useQuery({ queryKey: adminKeys.apiKeys, queryFn: async () => (await api.get<{ items: ApiKey[] }>('/api/api-keys')).items });
}

export function useAppVersions(app: string) {
  return useQuery({ queryKey: adminKeys.versions(app), queryFn: async () => (await api.get<{ items: AppVersion[] }>(`/api/apps/${app}/versions`)).items });
}

/** Every department of the forest, depth first, with its depth. */
export function flattenDepartments(forest: Department[], depth = 0): { department: Department; depth: number }[] {
  return forest.flatMap((d) => [{ department: d, depth }, ...flattenDepartments(d.children, depth + 1)]);
}

/** The forest as antd TreeSelect / Tree data. */
export function departmentTreeData(forest: Department[]): { value: number; key: number; title: string; children: ReturnType<typeof departmentTreeData> }[] {
  return forest.map((d) => ({ value: d.id, key: d.id, title: d.name, children: departmentTreeData(d.children) }));
}

/** The roles an app defines (administrators get the whole bundle, roles included). */
export function appRoles(model: AppAnswer | undefined) {
  return model?.bundle.roles ?? [];
}
