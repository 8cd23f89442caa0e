/** A path through nested options (category / sub-category), shown as "a / b". */
import type { CascadeField, CascadeOption } from '@pipewright/metadata';
import { labelOf, type Locale } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { defineWidget } from './field-widget.ts';
import { cascadeLabel } from './format.ts';
import { Cascader } from './lazy-inputs.tsx';

interface Node { value: string; label: string; children?: Node[] }

function nodes(options: readonly CascadeOption[], locale: Locale): Node[] {
  return options.map((o) => ({ value: o.value, label: labelOf(o.label, locale) || o.value, ...(o.children?.length ? { children: nodes(o.children, locale) } : {}) }));
}

function CascadeDisplay({ field, value }: { field: CascadeField; value: unknown }) {
  const { locale } = useRunner();
  return <span>{Array.isArray(value) ? cascadeLabel(field.options, value, locale) : ''}</span>;
}

export const cascade = defineWidget<CascadeField>({
  type: 'cascade',
  width: 180,
  Display: CascadeDisplay,
  Input: function CascadeInput({ field, value, onChange, id, disabled, invalid, placeholder }) {
    const { locale } = useRunner();
    return <Cascader id={id} style={{ width: '100%' }} changeOnSelect options={nodes(field.options, locale)} value={Array.isArray(value) ? (value as string[]) : undefined} disabled={disabled} status={invalid ? 'error' : undefined} placeholder={placeholder} onChange={(next) => onChange(next && next.length ? next : null)} />;
  },
});
