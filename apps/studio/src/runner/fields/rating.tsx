/** Rating: stars, 0 to the field's maximum (5 by default). */
import type { RatingField } from '@pipewright/metadata';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';
import { defineWidget } from './field-widget.ts';
import { Rate } from './lazy-inputs.tsx';

export const rating = defineWidget<RatingField>({
  type: 'rating',
  width: 140,
  Display: function RatingDisplay({ field, value }) {
    const { locale } = useRunner();
    return typeof value === 'number' ? <Rate disabled count={field.max ?? 5} value={value} aria-label={`${labelOf(field.label, locale)}: ${value}`} style={{ fontSize: 14 }} /> : null;
  },
  Input: function RatingInput({ field, value, onChange, id, disabled }) {
    const { locale } = useRunner();
    return <Rate id={id} count={field.max ?? 5} value={typeof value === 'number' ? value : 0} disabled={disabled} aria-label={labelOf(field.label, locale)} onChange={(next) => onChange(next)} />;
  },
});
