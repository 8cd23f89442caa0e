/**
 * A page-sized message: an icon for its kind, a title, a sentence, and what the user can do.
 * Used for empty, refused, missing and failed pages (lighter than antd's Result with its
 * pictures, which would weigh on the first page's script).
 */
import {
  CloseCircleFilled,
  CompassOutlined,
  InboxOutlined,
  StopOutlined,
  WarningFilled,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

export type NoticeKind = 'empty' | 'warning' | 'forbidden' | 'notFound' | 'error';

const icons: Record<NoticeKind, ReactNode> = {
  empty: <InboxOutlined />,
  warning: <WarningFilled />,
  forbidden: <StopOutlined />,
  notFound: <CompassOutlined />,
  error: <CloseCircleFilled />,
};

export interface NoticeProps {
  kind: NoticeKind;
  title: string;
  detail?: string | undefined;
  actions?: ReactNode;
  fullPage?: boolean | undefined;
}

export function Notice({ kind, title, detail, actions, fullPage }: NoticeProps) {
  return (
    <div
      className={`pw-notice pw-notice-${kind}${fullPage ? ' pw-full-page' : ''}`}
      role={kind === 'error' || kind === 'warning' ? 'alert' : undefined}
    >
      <div className="pw-notice-body">
        <div className="pw-notice-icon" aria-hidden="true">
          {icons[kind]}
        </div>
        <h2 className="pw-notice-title">{title}</h2>
        {detail && <p className="pw-notice-detail">{detail}</p>}
        {actions && <div className="pw-notice-actions">{actions}</div>}
      </div>
    </div>
  );
}
