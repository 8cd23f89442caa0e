import type { RegionField } from '@pipewright/metadata';
import { defineFieldType, listOperators } from './field-type.ts';

const depthOf = { province: 1, city: 2, district: 3 } as const;

/** 省/市/区: a list of six-digit GB/T 2260 codes from the province down. */
export const region = defineFieldType<RegionField>({
  type: 'region',
  column: () => ({ sql: 'text[]', family: 'textList' }),
  valueSchema: (field) => ({
    type: 'array',
    minItems: 1,
    maxItems: depthOf[field.depth ?? 'district'],
    items: { type: 'string', pattern: '^[1-9][0-9]{5}$' },
  }),
  check: (value) => {
    const codes = value as string[];
    for (let i = 1; i < codes.length; i++) {
      const prefix = codes[i - 1]!.slice(0, i * 2);
      if (!codes[i]!.startsWith(prefix)) return `${codes[i]} does not lie within ${codes[i - 1]}`;
    }
    return undefined;
  },
  operators: listOperators,
  sortable: false,
  writable: true,
});
