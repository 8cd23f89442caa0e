/**
 * The side menu: the current app's navigation metadata (`GET /api/apps/:app` already leaves out
 * entries the user's roles cannot open), keeping only entries whose page exists
 * (`targetPath`), then the studio and administration for administrators. A group whose entries
 * all fell away falls away too.
 */
import {
  ApartmentOutlined,
  ApiOutlined,
  AppstoreOutlined,
  BuildOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { NavigationItem } from '@pipewright/metadata';
import type { ItemType } from 'antd/es/menu/interface';
import type { ReactNode } from 'react';
import type { AppAnswer } from '../api/types.ts';
import type { LocaleContextValue } from '../i18n/locale.tsx';
import { targetPath } from '../runner/routes.tsx';
import { MetadataIcon } from './icons.tsx';

export interface MenuEntry {
  key: string;
  label: string;
  icon?: ReactNode;
  /** A page of the studio, or an outside address (opened as a link). */
  path?: string;
  external?: { url: string; newTab: boolean };
  children?: MenuEntry[];
}

function entryOf(
  app: string,
  model: AppAnswer,
  item: NavigationItem,
  label: LocaleContextValue['label'],
): MenuEntry | undefined {
  const text = label(item.label, item.key);
  const icon = <MetadataIcon name={item.icon} />;
  const own = item.target ? targetPath(app, item.target, model) : null;
  const ownEntry = (): MenuEntry | undefined => {
    if (item.target?.type === 'url')
      return {
        key: `url:${item.key}`,
        label: text,
        icon,
        external: { url: item.target.url, newTab: item.target.newTab ?? true },
      };
    return own ? { key: own, label: text, icon, path: own } : undefined;
  };
  const children = (item.children ?? [])
    .map((child) => entryOf(app, model, child, label))
    .filter((c): c is MenuEntry => Boolean(c));
  if (children.length === 0) return ownEntry();
  // A group that also leads somewhere: its own page first, unless a child already leads there.
  const self = ownEntry();
  if (self && !children.some((c) => c.key === self.key))
    children.unshift({ ...self, icon: undefined });
  return { key: `group:${item.key}`, label: text, icon, children };
}

/** The app's entries as the user may open them. */
export function appMenu(
  app: string,
  model: AppAnswer,
  label: LocaleContextValue['label'],
): MenuEntry[] {
  return (model.bundle.navigation?.items ?? [])
    .map((item) => entryOf(app, model, item, label))
    .filter((e): e is MenuEntry => Boolean(e));
}

/** The platform's own pages: for administrators only. */
export function platformMenu(isAdmin: boolean, t: LocaleContextValue['t']): MenuEntry[] {
  if (!isAdmin) return [];
  return [
    { key: '/studio', label: t('nav.studio'), icon: <BuildOutlined />, path: '/studio' },
    {
      key: 'group:admin',
      label: t('nav.admin'),
      icon: <SettingOutlined />,
      children: [
        {
          key: '/admin/users',
          label: t('nav.users'),
          icon: <UserOutlined />,
          path: '/admin/users',
        },
        {
          key: '/admin/departments',
          label: t('nav.departments'),
          icon: <ApartmentOutlined />,
          path: '/admin/departments',
        },
        {
          key: '/admin/teams',
          label: t('nav.teams'),
          icon: <TeamOutlined />,
          path: '/admin/teams',
        },
        {
          key: '/admin/api-keys',
          label: t('nav.apiKeys'),
          icon: <ApiOutlined />,
          path: '/admin/api-keys',
        },
        {
          key: '/admin/apps',
          label: t('nav.apps'),
          icon: <AppstoreOutlined />,
          path: '/admin/apps',
        },
      ],
    },
  ];
}

/** Menu entries as Ant Design's Menu items. */
export function menuItems(entries: MenuEntry[]): ItemType[] {
  return entries.map((e) =>
    e.children
      ? { key: e.key, label: e.label, icon: e.icon, children: menuItems(e.children) }
      : {
          key: e.key,
          icon: e.icon,
          label: e.external ? (
            <a
              href={e.external.url}
              target={e.external.newTab ? '_blank' : undefined}
              rel="noopener noreferrer"
            >
              {e.label}
            </a>
          ) : (
            e.label
          ),
        },
  );
}

/** Every page entry, flattened (to find the one the current path belongs to). */
export function pageEntries(entries: MenuEntry[]): MenuEntry[] {
  return entries.flatMap((e) => (e.children ? pageEntries(e.children) : e.path ? [e] : []));
}

/** The entry whose path is the longest prefix of `pathname`, and the groups above it. */
export function selectedKeys(
  entries: MenuEntry[],
  pathname: string,
): { selected: string[]; open: string[] } {
  let best: { entry: MenuEntry; parents: string[] } | undefined;
  const walk = (list: MenuEntry[], parents: string[]) => {
    for (const e of list) {
      if (e.children) walk(e.children, [...parents, e.key]);
      else if (
        e.path &&
        (pathname === e.path || pathname.startsWith(`${e.path}/`)) &&
        (!best || e.path.length > (best.entry.path ?? '').length)
      )
        best = { entry: e, parents };
    }
  };
  walk(entries, []);
  return best ? { selected: [best.entry.key], open: best.parents } : { selected: [], open: [] };
}
