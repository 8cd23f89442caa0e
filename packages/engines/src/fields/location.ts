import type { LocationField } from '@pipewright/metadata';
import { defineFieldType, presenceOperators } from './field-type.ts';

export const location = defineFieldType<LocationField>({
  type: 'location',
  column: () => ({ sql: 'jsonb', family: 'json' }),
  valueSchema: () => ({
    type: 'object',
    properties: {
      lat: { type: 'number', minimum: -90, maximum: 90 },
      lng: { type: 'number', minimum: -180, maximum: 180 },
      address: { type: 'string', maxLength: 500 },
    },
    required: ['lat', 'lng'],
    additionalProperties: false,
  }),
  operators: presenceOperators,
  sortable: false,
  writable: true,
});
