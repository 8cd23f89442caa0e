/**
 * The frame around every page after login: the side menu (the app's navigation and, for
 * administrators, the studio and administration), a header with the app switcher, the global
 * search, the language, the approval inbox's count, the notification bell and the user menu. Below 992 px the menu folds into a drawer.
 */
import { InboxOutlined, MenuOutlined } from '@ant-design/icons';
import { Button, Grid, Layout, Menu } from 'antd';
import type AntDrawer from 'antd/es/drawer';
import { useEffect, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAppModel } from '../api/apps.ts';
import { useMe } from '../api/session.ts';
import { useLocale } from '../i18n/locale.tsx';
import { AppSwitcher } from './AppSwitcher.tsx';
import { Brand } from './Brand.tsx';
import { useCurrentApp } from './current-app.ts';
import { GlobalSearch } from './GlobalSearch.tsx';
import { LocaleSwitch } from './LocaleSwitch.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { TaskBadge } from './TaskBadge.tsx';
import {
  appMenu,
  menuItems,
  pageEntries,
  platformMenu,
  selectedKeys,
  type MenuEntry,
} from './navigation.tsx';
import { UserMenu } from './UserMenu.tsx';
import { runnerPaths } from '../runner/paths.ts';
import { FeedbackProvider } from '../app/feedback.tsx';

type DrawerComponent = typeof AntDrawer;

/**
 * antd's Drawer, loaded once the screen is narrow enough to need the menu drawer (wide screens
 * never load it). A failed load (offline) leaves the page as it is and is tried again when the
 * menu is next opened.
 */
function useMenuDrawer(narrow: boolean, opening: boolean): DrawerComponent | undefined {
  const [Drawer, setDrawer] = useState<DrawerComponent>();
  useEffect(() => {
    if (!narrow || Drawer) return;
    import('antd/es/drawer').then(
      (module) => setDrawer(() => module.default),
      () => undefined,
    );
  }, [narrow, opening, Drawer]);
  return Drawer;
}

function SideMenu({
  entries,
  onNavigate,
}: {
  entries: MenuEntry[];
  onNavigate: (path: string) => void;
}) {
  const location = useLocation();
  const { selected, open } = selectedKeys(entries, location.pathname);
  const [openKeys, setOpenKeys] = useState<string[]>(open);
  const openKey = open.join('|');
  useEffect(
    () => setOpenKeys((keys) => [...new Set([...keys, ...openKey.split('|').filter(Boolean)])]),
    [openKey],
  );
  const paths = useMemo(
    () => new Map(pageEntries(entries).map((e) => [e.key, e.path ?? ''])),
    [entries],
  );
  return (
    <Menu
      mode="inline"
      items={menuItems(entries)}
      selectedKeys={selected}
      openKeys={openKeys}
      onOpenChange={setOpenKeys}
      onClick={({ key }) => {
        const path = paths.get(key);
        if (path) onNavigate(path);
      }}
      className="pw-side-menu"
    />
  );
}

export function ShellLayout() {
  const { t, label } = useLocale();
  const me = useMe();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg ?? true;
  const navigate = useNavigate();
  const location = useLocation();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const Drawer = useMenuDrawer(!wide, drawerOpen);
  const { app } = useCurrentApp();
  const model = useAppModel(app);
  const isAdmin = me.data?.user.isAdmin ?? false;

  const entries = useMemo(() => {
    const ofApp = app && model.data ? appMenu(app, model.data, label) : [];
    // Everyone's approval inbox, after the app's own entries.
    const tasks: MenuEntry[] = app && model.data ? [{ key: runnerPaths.tasks(app), label: t('tasks.badge'), icon: <InboxOutlined />, path: runnerPaths.tasks(app) }] : [];
    return [...ofApp, ...tasks, ...platformMenu(isAdmin, t)];
  }, [app, model.data, label, isAdmin, t]);

  useEffect(() => setDrawerOpen(false), [location.pathname]);

  const menu = <SideMenu entries={entries} onNavigate={(path) => navigate(path)} />;

  return (
    <FeedbackProvider className="pw-shell-root">
      <Layout className="pw-shell">
        {wide && (
          <Layout.Sider width={232} className="pw-sider" theme="light">
            <div className="pw-sider-brand">
              <Brand />
            </div>
            <nav aria-label={t('shell.navigation')}>{menu}</nav>
          </Layout.Sider>
        )}
        <Layout>
          <Layout.Header className="pw-header">
            {!wide && (
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('shell.openMenu')}
                onClick={() => setDrawerOpen(true)}
              />
            )}
            {!wide && <Brand compact />}
            {wide && <AppSwitcher current={app} />}
            <div className="pw-header-search">
              <GlobalSearch app={app} model={model.data} compact={!wide} />
            </div>
            <div className="pw-header-end">
              {wide && <LocaleSwitch bordered={false} />}
              {app && <TaskBadge app={app} />}
              <NotificationBell />
              <UserMenu compact={!wide} />
            </div>
          </Layout.Header>
          <Layout.Content className="pw-content">
            <main className="pw-main">
              <Outlet />
            </main>
          </Layout.Content>
        </Layout>
        {!wide && Drawer && (
          <Drawer
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            placement="left"
            width={288}
            title={<Brand />}
            className="pw-menu-drawer"
            styles={{ body: { padding: 0 } }}
          >
            <div className="pw-drawer-tools">
              <AppSwitcher current={app} block />
              <LocaleSwitch />
            </div>
            <nav aria-label={t('shell.navigation')}>{menu}</nav>
          </Drawer>
        )}
      </Layout>
    </FeedbackProvider>
  );
}
