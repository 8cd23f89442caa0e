/**
 * Everything every page needs: the locale, Ant Design in that locale (with the CSP nonce for
 * the styles it inserts, decision 051) and the query client. Ant Design's `App` context (for
 * messages and dialogs) comes with the shell, loaded after login.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import { useState, type ReactNode } from 'react';
import { createQueryClient } from '../api/query-client.ts';
import { LocaleProvider, useLocale } from '../i18n/locale.tsx';
import { pageNonce } from './style-nonce.ts';
import { theme } from './theme.ts';

const csp = { nonce: pageNonce() };

function AntDesign({ children }: { children: ReactNode }) {
  const { antdLocale } = useLocale();
  return (
    <ConfigProvider locale={antdLocale} csp={csp} theme={theme}>
      {children}
    </ConfigProvider>
  );
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  return (
    <LocaleProvider>
      <AntDesign>
        <QueryClientProvider client={client}>{children}</QueryClientProvider>
      </AntDesign>
    </LocaleProvider>
  );
}
