import type { ReactNode } from 'react';

/** The title of an administration page, a sentence on what it is for, and its actions. */
export function AdminPageHeader({ title, intro, actions }: { title: string; intro: string; actions?: ReactNode }) {
  return (
    <>
      <div className="pw-page-header">
        <h1 className="pw-page-title">{title}</h1>
        {actions && <div className="pw-page-actions">{actions}</div>}
      </div>
      <p className="pw-page-intro pw-muted">{intro}</p>
    </>
  );
}
