import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generateFieldSchemaFile } from '../scripts/gen.ts';
import { fieldCapabilities } from './field-capabilities.ts';
import { validateBundle } from './bundle.ts';

const l = (en: string) => ({ 'zh-CN': en, en });

describe('field capabilities', () => {
  it('are what schemas/field.schema.json offers (pnpm gen keeps them in step)', async () => {
    const { current, generated } = await generateFieldSchemaFile();
    expect(current).toBe(generated);
    const schema = JSON.parse(await readFile(new URL('../schemas/field.schema.json', import.meta.url), 'utf8')) as { $defs: Record<string, { properties: Record<string, unknown> }>; oneOf: { $ref: string }[] };
    expect(schema.oneOf.map((branch) => branch.$ref.replace('#/$defs/', ''))).toEqual(Object.keys(fieldCapabilities));
    for (const [type, can] of Object.entries(fieldCapabilities)) {
      expect(['unique', 'indexed', 'searchable'].filter((p) => p in schema.$defs[type]!.properties), type).toEqual(['unique', 'indexed', 'searchable'].filter((p) => can[p as 'unique']));
    }
  });

  it('refuse unique where the type cannot be unique, and inside line items', () => {
    const bundle = {
      formatVersion: 1,
      app: { key: 'caps', name: l('Caps'), version: '1.0.0' },
      entities: [{
        key: 'order', label: l('Order'), version: 1,
        fields: [
          { key: 'paid', label: l('Paid'), type: 'boolean', unique: true },
          { key: 'lines', label: l('Lines'), type: 'lineItems', fields: [{ key: 'sku', label: l('SKU'), type: 'text', unique: true }] },
        ],
      }],
    };
    const result = validateBundle(bundle);
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.path)).toEqual(['/entities/0/fields/0/unique']);
    bundle.entities[0]!.fields.shift();
    expect(validateBundle(bundle).errors).toEqual([expect.objectContaining({ path: '/entities/0/fields/0/fields/0/unique', code: 'field.uniqueInLineItems' })]);
  });
});
