/** A select option as a coloured dot and its label (the text keeps the page's contrast). */
import type { SelectOption } from '@pipewright/metadata';
import { labelOf } from '../app/app-model.ts';
import { useRunner } from '../app/runner-context.tsx';

export function OptionBadge({ options, value }: { options: readonly SelectOption[]; value: unknown }) {
  const { locale } = useRunner();
  const option = options.find((o) => o.value === value);
  if (value === null || value === undefined || value === '') return null;
  return (
    <span className="pw-option">
      <span className="pw-option-dot" style={{ background: option?.color ?? '#8c8c8c' }} aria-hidden="true" />
      {option ? labelOf(option.label, locale) || option.value : String(value)}
    </span>
  );
}

export function useOptionItems(options: readonly SelectOption[]) {
  const { locale } = useRunner();
  return options.map((o) => ({ value: o.value, label: labelOf(o.label, locale) || o.value }));
}
