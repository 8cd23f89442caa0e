/**
 * Messages and confirmations for the pages behind the shell, in place of antd's `App`: `App`
 * brings Modal (and the Skeleton it draws while loading) and notification with it, about 13 KB
 * gzipped that the first list never uses (decision 053). Messages come with the shell; the
 * confirmation dialog's script loads the first time a page asks for one.
 *
 * @example
 * const { message, modal } = useFeedback();
 * message.success(t('record.saved'));
 * modal.confirm({ title: t('record.deleteConfirm'), onOk: remove });
 */
import { message as antMessage, theme } from 'antd';
import type { ModalFuncProps } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import { createContext, lazy, Suspense, useCallback, useContext, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { ConfirmApi } from './confirm-holder.tsx';

const ConfirmHolder = lazy(() => import('./confirm-holder.tsx'));

export interface Feedback {
  message: MessageInstance;
  modal: { confirm: (config: ModalFuncProps) => void };
}

const FeedbackContext = createContext<Feedback | null>(null);

/** Messages and confirmations for `children`; the root element carries the text style antd's `App` gave. */
export function FeedbackProvider({ className, children }: { className?: string; children: ReactNode }) {
  const [message, messageHolder] = antMessage.useMessage();
  const [confirmWanted, setConfirmWanted] = useState(false);
  const api = useRef<ConfirmApi | null>(null);
  const waiting = useRef<ModalFuncProps[]>([]);
  const { token } = theme.useToken();

  const onReady = useCallback((ready: ConfirmApi) => {
    api.current = ready;
    for (const config of waiting.current.splice(0)) ready.confirm(config);
  }, []);

  const value = useMemo<Feedback>(
    () => ({
      message,
      modal: {
        confirm: (config) => {
          if (api.current) return void api.current.confirm(config);
          waiting.current.push(config);
          setConfirmWanted(true);
        },
      },
    }),
    [message],
  );

  const style: CSSProperties = { color: token.colorText, fontSize: token.fontSize, lineHeight: token.lineHeight, fontFamily: token.fontFamily };
  return (
    <FeedbackContext.Provider value={value}>
      <div className={className} style={style}>
        {messageHolder}
        {confirmWanted && (
          <Suspense fallback={null}>
            <ConfirmHolder onReady={onReady} />
          </Suspense>
        )}
        {children}
      </div>
    </FeedbackContext.Provider>
  );
}

/** The messages and confirmations of the nearest `FeedbackProvider`. */
export function useFeedback(): Feedback {
  const feedback = useContext(FeedbackContext);
  if (!feedback) throw new Error('useFeedback needs a FeedbackProvider around it');
  return feedback;
}
