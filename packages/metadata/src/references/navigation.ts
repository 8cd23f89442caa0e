/** Reference checks of the navigation menu: unique item keys, targets and roles that exist. */
import { pointer, type MetadataError } from '../errors.ts';
import type { AppBundle, NavigationItem, NavigationTarget } from '../generated/types.ts';
import type { Catalog } from './catalog.ts';
import { roleKeys } from './participants.ts';

const unknownTargetCodes = {
  view: 'reference.unknownView',
  dashboard: 'reference.unknownDashboard',
  report: 'reference.unknownReport',
  form: 'reference.unknownForm',
} as const;

export function checkNavigation(bundle: AppBundle, _catalog: Catalog): MetadataError[] {
  if (!bundle.navigation) return [];
  const documents: Record<Exclude<NavigationTarget['type'], 'url'>, Set<string>> = {
    view: keys(bundle.views),
    dashboard: keys(bundle.dashboards),
    report: keys(bundle.reports),
    form: keys(bundle.forms),
  };
  const roles = roleKeys(bundle);
  const seen = new Set<string>();
  const errors: MetadataError[] = [];
  const visit = (items: readonly NavigationItem[], at: string) =>
    items.forEach((item, i) => {
      const here = `${at}/${i}`;
      if (seen.has(item.key)) {
        errors.push({ path: `${here}/key`, code: 'key.duplicate', message: `navigation item key "${item.key}" is used more than once` });
      }
      seen.add(item.key);
      const target = item.target;
      if (target && target.type !== 'url') {
        const key = targetKey(target);
        if (!documents[target.type].has(key)) {
          errors.push({ path: `${here}/target/${target.type}`, code: unknownTargetCodes[target.type], message: `${target.type} "${key}" does not exist` });
        }
      }
      item.roles?.forEach((role, r) => {
        if (!roles.has(role)) errors.push({ path: `${here}${pointer('roles', r)}`, code: 'reference.unknownRole', message: `role "${role}" does not exist` });
      });
      if (item.children) visit(item.children, `${here}/children`);
    });
  visit(bundle.navigation.items, pointer('navigation', 'items'));
  return errors;
}

function targetKey(target: Exclude<NavigationTarget, { type: 'url' }>): string {
  switch (target.type) {
    case 'view':
      return target.view;
    case 'dashboard':
      return target.dashboard;
    case 'report':
      return target.report;
    case 'form':
      return target.form;
  }
}

function keys(documents: readonly { key: string }[] | undefined): Set<string> {
  return new Set((documents ?? []).map((d) => d.key));
}
