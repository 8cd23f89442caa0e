/**
 * The studio's entry: the providers (locale, Ant Design, TanStack Query) around the router.
 * See app/router.tsx for the routes and app/providers.tsx for the providers.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './app/studio.css';
import { Providers } from './app/providers.tsx';
import { AppRouter } from './app/router.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <Providers>
      <AppRouter />
    </Providers>
  </StrictMode>,
);
