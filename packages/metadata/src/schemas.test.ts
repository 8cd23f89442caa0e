/** The schemas and what is generated from them stay in step. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTypes, generatedTypesFile } from '../scripts/gen.ts';
import { schemas } from './schemas.ts';

describe('schemas', () => {
  it('generate exactly the checked-in TypeScript types (run `pnpm gen` when this fails)', async () => {
    const generated = await generateTypes();
    const current = readFileSync(generatedTypesFile, 'utf8');
    expect(current === generated, 'src/generated/types.ts is stale: run `pnpm gen`').toBe(true);
  });

  it('each have the $id of their file under https://pipewright.dev/schemas/', () => {
    for (const [kind, schema] of Object.entries(schemas)) {
      const file = kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      expect((schema as { $id: string }).$id).toBe(`https://pipewright.dev/schemas/${file}.schema.json`);
    }
  });

  it('never offer alternatives with anyOf, nor oneOf without a discriminator', () => {
    const offenders: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const schema = node as Record<string, unknown>;
      if ('anyOf' in schema) offenders.push(`${path}/anyOf`);
      if ('oneOf' in schema && !('discriminator' in schema)) offenders.push(`${path}/oneOf`);
      for (const [key, value] of Object.entries(schema)) visit(value, `${path}/${key}`);
    };
    for (const [kind, schema] of Object.entries(schemas)) visit(schema, kind);
    expect(offenders).toEqual([]);
  });

  it('close every object to unknown properties', () => {
    const open: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      // `if` only tests a value; `…Parts` defs only list types for the generator.
      if (path.endsWith('/if') || path.endsWith('Parts')) return;
      const schema = node as Record<string, unknown>;
      if (schema.properties && schema.additionalProperties !== false) open.push(path);
      for (const [key, value] of Object.entries(schema)) visit(value, `${path}/${key}`);
    };
    for (const [kind, schema] of Object.entries(schemas)) visit(schema, kind);
    expect(open).toEqual([]);
  });
});
