/** The runner's URLs, in one place, so links and routes agree. */
export const runnerPaths = {
  view: (app: string, view: string) => `/apps/${app}/views/${view}`,
  entity: (app: string, entity: string) => `/apps/${app}/records/${entity}`,
  record: (app: string, entity: string, id: number) => `/apps/${app}/records/${entity}/${id}`,
  newRecord: (app: string, entity: string, form?: string) => `/apps/${app}/records/${entity}/new${form ? `?form=${encodeURIComponent(form)}` : ''}`,
  dashboard: (app: string, dashboard: string) => `/apps/${app}/dashboards/${dashboard}`,
  report: (app: string, report: string) => `/apps/${app}/reports/${report}`,
  tasks: (app: string, box?: 'pending' | 'cc' | 'done') => `/apps/${app}/tasks${box && box !== 'pending' ? `?box=${box}` : ''}`,
  recycleBin: (app: string, entity: string) => `/apps/${app}/recycle-bin/${entity}`,
};
