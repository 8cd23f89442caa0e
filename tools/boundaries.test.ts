// The dependency direction of DESIGN.md is enforced by lint, not by promise: these tests lint
// small sources placed in each package and expect the forbidden imports to be reported.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function restrictedImports(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('package boundaries', () => {
  it('refuses runtime, database drivers and fastify inside engines', async () => {
    const file = 'packages/engines/src/boundary-probe.ts';
    expect(await restrictedImports(file, "import { x } from '@pipewright/runtime';\nexport { x };\n")).toHaveLength(1);
    expect(await restrictedImports(file, "import { x } from '../../runtime/src/index.ts';\nexport { x };\n")).toHaveLength(1);
    expect(await restrictedImports(file, "import pg from 'pg';\nexport { pg };\n")).toHaveLength(1);
    expect(await restrictedImports(file, "import { PGlite } from '@electric-sql/pglite';\nexport { PGlite };\n")).toHaveLength(1);
    expect(await restrictedImports(file, "import Fastify from 'fastify';\nexport { Fastify };\n")).toHaveLength(1);
  });

  it('lets engines import metadata', async () => {
    expect(await restrictedImports('packages/engines/src/boundary-probe.ts', "import type { Entity } from '@pipewright/metadata';\nexport type { Entity };\n")).toEqual([]);
  });

  it('refuses runtime and server inside designer', async () => {
    const file = 'packages/designer/src/boundary-probe.ts';
    expect(await restrictedImports(file, "import { x } from '@pipewright/runtime';\nexport { x };\n")).toHaveLength(1);
    expect(await restrictedImports(file, "import { x } from '@pipewright/server';\nexport { x };\n")).toHaveLength(1);
  });

  it('keeps templates on metadata only', async () => {
    const file = 'packages/templates/src/boundary-probe.ts';
    expect(await restrictedImports(file, "import { x } from '@pipewright/engines';\nexport { x };\n")).toHaveLength(1);
  });
});
