import type { CascadeField, CascadeOption } from '@pipewright/metadata';
import { defineFieldType, listOperators } from './field-type.ts';

export const cascade = defineFieldType<CascadeField>({
  type: 'cascade',
  column: () => ({ sql: 'text[]', family: 'textList' }),
  valueSchema: () => ({ type: 'array', minItems: 1, maxItems: 6, items: { type: 'string', minLength: 1, maxLength: 100 } }),
  check: (value, field) => {
    let level: CascadeOption[] | undefined = field.options;
    for (const part of value as string[]) {
      const option: CascadeOption | undefined = level?.find((o) => o.value === part);
      if (!option) return `"${part}" is not an option at this level`;
      level = option.children;
    }
    return undefined;
  },
  operators: listOperators,
  sortable: false,
  writable: true,
});
