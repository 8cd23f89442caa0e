/**
 * `pnpm pipewright <command>`: app bundles for IT, on the database the environment names (the
 * same `DATABASE_URL` / `PIPEWRIGHT_DATA_DIR` as the server). On PGlite, stop the server first:
 * one process at a time may open a PGlite data directory.
 *
 * @example
 * pnpm pipewright apps
 * pnpm pipewright export lead_opportunity crm-1.0.0.json
 * pnpm pipewright plan crm-1.1.0.json
 * pnpm pipewright publish crm-1.1.0.json --allow-data-loss
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createDatabase, openRuntime, type Runtime } from '@pipewright/runtime';
import { errorToProblem } from './problems/error-to-problem.ts';
import { ensureAdminUser } from './identity.ts';
import { readServerConfig } from './server-config.ts';

const usage = `Usage: pnpm pipewright <command>

Commands:
  apps                                 list installed apps and their versions
  export <app> [file]                  write the installed bundle of <app> (to stdout without file)
  plan <bundle.json>                   show the migration publishing the bundle would run (nothing changes)
  publish <bundle.json> [--allow-data-loss]
                                       install or upgrade the app in the bundle
  help                                 this text

Planned (not built yet): import data, create users, diff two bundles.

The database is the server's: DATABASE_URL, else PGlite in PIPEWRIGHT_DATA_DIR (./data).
On PGlite, stop the server first.`;

/** Paths are relative to where the command was typed (pnpm runs scripts inside apps/server). */
const pathOf = (file: string) => resolve(process.env.INIT_CWD ?? process.cwd(), file);

async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(await createDatabase(readServerConfig(process.env).database));
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  const files = rest.filter((a) => !a.startsWith('--'));
  switch (command) {
    case 'apps':
      return withRuntime(async (runtime) => {
        for (const app of await runtime.apps.list()) console.log(`${app.key}\t${app.version}\t${app.name.en || app.name['zh-CN']}`);
        return 0;
      });
    case 'export':
      if (!files[0]) break;
      return withRuntime(async (runtime) => {
        const bundle = await runtime.apps.installedBundle(files[0]!);
        if (!bundle) throw new Error(`App "${files[0]}" is not installed`);
        const text = `${JSON.stringify(bundle, null, 2)}\n`;
        if (files[1]) await writeFile(pathOf(files[1]), text);
        else process.stdout.write(text);
        return 0;
      });
    case 'plan':
    case 'publish': {
      if (!files[0]) break;
      const document = JSON.parse(await readFile(pathOf(files[0]), 'utf8')) as unknown;
      return withRuntime(async (runtime) => {
        const result =
          command === 'plan'
            ? await runtime.apps.plan(document)
            : await runtime.apps.publish(document, { actor: await ensureAdminUser(runtime.database), allowDataLoss: rest.includes('--allow-data-loss') });
        console.log(JSON.stringify(result, null, 2));
        return 0;
      });
    }
    case 'help':
    case '--help':
    case undefined:
      console.log(usage);
      return command === undefined ? 1 : 0;
  }
  console.error(usage);
  return 1;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const { problem, internal } = errorToProblem(error);
    if (internal) console.error(error instanceof Error ? error.message : error);
    else console.error(`${problem.code}: ${problem.detail}${problem.errors.map((e) => `\n  ${e.path || '/'} ${e.message}`).join('')}`);
    process.exit(1);
  },
);
