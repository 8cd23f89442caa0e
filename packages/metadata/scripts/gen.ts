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

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaDir = join(packageDir, 'schemas');
export const generatedTypesFile = join(packageDir, 'src', 'generated', 'types.ts');

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

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
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
