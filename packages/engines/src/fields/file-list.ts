import type { ValueSchema } from './field-type.ts';

/** JSON Schema of a list of uploaded files, as referenced from attachment, image and signature fields. */
export function fileListSchema(maxFiles: number): ValueSchema {
  return {
    type: 'array',
    maxItems: maxFiles,
    items: {
      type: 'object',
      properties: {
        id: { type: 'string', minLength: 1, maxLength: 100 },
        name: { type: 'string', minLength: 1, maxLength: 255 },
        size: { type: 'integer', minimum: 0 },
        mimeType: { type: 'string', maxLength: 255 },
      },
      required: ['id', 'name'],
      additionalProperties: false,
    },
  };
}
