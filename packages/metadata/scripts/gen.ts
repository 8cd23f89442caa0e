/**
 * Generates `src/generated/types.ts` from the JSON Schemas in `schemas/`.
 *
 *   pnpm gen            write the file
 *   pnpm gen --check    exit 1 when the checked-in file differs from what the schemas produce
 *
 * The schemas are the only definition of metadata shapes; nobody edits the generated file by hand.
 * `generateTypes` is exported for the test that keeps the checked-in file current.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import type { JSONSchema } from 'json-schema-to-typescript';
import { generateFieldSchema } from './field-schema.ts';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = join(packageDir, 'schemas');
export const generatedTypesFile = join(packageDir, 'src', 'generated', 'types.ts');
const fieldSchemaFile = join(schemaDir, 'field.schema.json');

const banner = `/* This file is generated from packages/metadata/schemas by \`pnpm gen\`. Do not edit it by hand. */`;

/** The TypeScript source that `pnpm gen` writes: the bundle schema and every schema it references. */
export async function generateTypes(): Promise<string> {
  const bundle = JSON.parse(await readFile(join(schemaDir, 'bundle.schema.json'), 'utf8')) as JSONSchema;
  return compile(bundle, 'AppBundle', {
    cwd: schemaDir,
    bannerComment: banner,
    additionalProperties: false,
    unreachableDefinitions: true,
    strictIndexSignatures: true,
    ignoreMinAndMaxItems: true,
    format: true,
    style: { singleQuote: true, printWidth: 100 },
    $refOptions: { resolve: { http: false } },
  });
}

/** `schemas/field.schema.json` with its generated parts current (see `field-schema.ts`). */
export async function generateFieldSchemaFile(): Promise<{ current: string; generated: string }> {
  const current = await readFile(fieldSchemaFile, 'utf8');
  const generated = `${JSON.stringify(generateFieldSchema(JSON.parse(current) as Record<string, unknown>), null, 2)}\n`;
  return { current, generated };
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const fieldSchema = await generateFieldSchemaFile();
  if (check && fieldSchema.current !== fieldSchema.generated) {
    console.error('packages/metadata/schemas/field.schema.json is stale: src/field-capabilities.ts changed without `pnpm gen`. Run `pnpm gen` and commit the result.');
    process.exit(1);
  }
  if (!check && fieldSchema.current !== fieldSchema.generated) await writeFile(fieldSchemaFile, fieldSchema.generated);
  const generated = await generateTypes();
  if (check) {
    const current = await readFile(generatedTypesFile, 'utf8').catch(() => '');
    if (current !== generated) {
      console.error(
        'packages/metadata/src/generated/types.ts is stale: the schemas changed without `pnpm gen`. Run `pnpm gen` and commit the result.',
      );
      process.exit(1);
    }
    console.log('Generated metadata types are current.');
  } else {
    await mkdir(dirname(generatedTypesFile), { recursive: true });
    await writeFile(generatedTypesFile, generated);
    console.log(`Wrote ${generatedTypesFile}`);
  }
}

// Run only as a command (`tsx scripts/gen.ts`), not when a test imports `generateTypes`.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
