/**
 * The studio's entry: the providers (locale, Ant Design, TanStack Query) around the router.
 * See app/router.tsx for the routes and app/providers.tsx for the providers.
 */
// antd 5 on React 19: its wave effect and static dialogs need this patch (antd's own).
import '@ant-design/v5-patch-for-react-19';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { lendNonceToStyles, pageNonce } from './app/style-nonce.ts';
import './app/studio.css';
import { Providers } from './app/providers.tsx';
import { AppRouter } from './app/router.tsx';
import { loadLocale } from './i18n/locale.tsx';

lendNonceToStyles(pageNonce());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// The last chosen language's strings first, when they do not come with the page (zh-CN if they fail).
void loadLocale()
  .catch((error: unknown) => console.error(error))
  .finally(() => render(root));

function render(root: HTMLElement) {
  createRoot(root).render(
    <StrictMode>
      <Providers>
        <AppRouter />
      </Providers>
    </StrictMode>,
  );
}
