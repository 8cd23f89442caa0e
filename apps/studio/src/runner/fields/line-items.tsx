/**
 * Line items: rows of sub-fields with live totals, shown and edited as a table
 * (line-items-table.tsx). Lists never show them, so their script is loaded with the first
 * record page that does (decision 053).
 */
import type { LineItemsField } from '@pipewright/metadata';
import type { DisplayProps, InputProps } from './field-widget.ts';
import { defineWidget } from './field-widget.ts';
import { later } from './lazy-inputs.tsx';

const table = () => import('./line-items-table.tsx');

export const lineItems = defineWidget<LineItemsField>({
  type: 'lineItems',
  wide: true,
  width: 100,
  Display: later<DisplayProps<LineItemsField>>(async () => ({ default: (await table()).LineItemsDisplay }), <span aria-busy="true" />),
  Input: later<InputProps<LineItemsField>>(async () => ({ default: (await table()).LineItemsInput })),
});
