/**
 * A refused write's problems on the form fields they name (`/login` → the login field); what no
 * field names is returned for a message.
 */
import type { FormInstance } from 'antd';
import { ApiProblem, NetworkFailure, pointerToName } from '../api/problem.ts';
import type { Translate } from '../i18n/locale.tsx';

export function showProblemOnForm(form: FormInstance, error: unknown, fields: string[], t: Translate): string | undefined {
  if (error instanceof NetworkFailure) return t('failure.network.title');
  if (!(error instanceof ApiProblem)) return t('failure.unknown.title');
  const placed = error.errors.filter((item) => fields.includes(String(pointerToName(item.path)[0])));
  if (placed.length > 0) {
    form.setFields(placed.map((item) => ({ name: pointerToName(item.path), errors: [item.message] })));
    return undefined;
  }
  return error.detail ?? error.code;
}
