/**
 * `pnpm pipewright <command>`: app bundles, users and API keys for IT, on the database the
 * environment names (the same `DATABASE_URL` / `PIPEWRIGHT_DATA_DIR` as the server). On PGlite,
 * one process at a time may open the data directory: while the server runs, the CLI refuses and
 * names it (docs/decisions/020-one-process-per-pglite-directory.md). It never creates a database:
 * on a directory without one it says so.
 *
 * @example
 * pnpm pipewright apps
 * pnpm pipewright export lead_opportunity crm-1.0.0.json
 * pnpm pipewright plan crm-1.1.0.json
 * pnpm pipewright publish crm-1.1.0.json --allow-data-loss
 * pnpm pipewright user create --login wang.lei --name 王磊 --department 3
 * pnpm pipewright api-key create --name "ERP sync" --app lead_opportunity --role finance --expires 2027-01-01
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createDatabase, generatePassword, openIdentity, openRuntime, type Identity, type Runtime } from '@pipewright/runtime';
import { errorToProblem } from './problems/error-to-problem.ts';
import { problemOfIdentityError } from './auth/identity-problems.ts';
import { readServerConfig } from './server-config.ts';

const usage = `Usage: pnpm pipewright <command>

Commands:
  apps                                 list installed apps and their versions
  export <app> [file]                  write the installed bundle of <app> (to stdout without file)
  plan <bundle.json>                   show the migration publishing the bundle would run (nothing changes)
  publish <bundle.json> [--allow-data-loss]
                                       install or upgrade the app in the bundle
  user create --login <l> --name <n> [--password <p>] [--admin] [--department <id>] [--email <e>]
                                       create a user (without --password one is generated and printed)
  user list                            list users
  user password --login <l> [--password <p>]
                                       set a user's password (generated and printed without --password);
                                       lifts the delays of failed logins and ends the user's sessions
  api-key create --name <n> --app <app> --role <role> [--expires <date>]
                                       create an API key acting as the first administrator; printed once
  help                                 this text

Planned (not built yet): import data, diff two bundles.

The database is the server's: DATABASE_URL, else PGlite in PIPEWRIGHT_DATA_DIR (./data).
On PGlite, stop the server first (or do the same through its HTTP API): one process at a
time may open the embedded database, and the CLI refuses while the server has it.`;

/** Paths are relative to where the command was typed (pnpm runs scripts inside apps/server). */
const pathOf = (file: string) => resolve(process.env.INIT_CWD ?? process.cwd(), file);

async function withRuntime<T>(work: (runtime: Runtime, identity: Identity) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(await createDatabase({ ...readServerConfig(process.env).database, holder: 'the CLI' }));
  const identity = await openIdentity(runtime.database, { apps: runtime.apps });
  try {
    return await work(runtime, identity);
  } finally {
    await identity.close();
    await runtime.close();
  }
}

/**
 * The administrator the CLI acts as; on a fresh database this creates `admin` (with
 * PIPEWRIGHT_ADMIN_PASSWORD, or a generated password printed once), as the server's first start does.
 */
async function administrator(identity: Identity): Promise<number> {
  const admin = await identity.ensureAdmin({ password: readServerConfig(process.env).adminPassword });
  if (admin.generatedPassword) console.log(`Created the administrator "admin"; password (shown once): ${admin.generatedPassword}`);
  return admin.userId;
}

const userOptions = {
  login: { type: 'string' },
  name: { type: 'string' },
  password: { type: 'string' },
  admin: { type: 'boolean' },
  department: { type: 'string' },
  email: { type: 'string' },
  app: { type: 'string' },
  role: { type: 'string' },
  expires: { type: 'string' },
} as const;

function positiveInteger(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,14}$/.test(value)) throw new Error(`--${option} must be a positive integer, not ${JSON.stringify(value)}`);
  return Number(value);
}

function required(value: string | undefined, option: string): string {
  if (!value) throw new Error(`--${option} is required`);
  return value;
}

async function userCommand(args: string[]): Promise<number | undefined> {
  const { values, positionals } = parseArgs({ args, options: userOptions, allowPositionals: true, strict: true });
  const [sub] = positionals;
  if (sub === 'create') {
    const login = required(values.login, 'login');
    const name = required(values.name, 'name');
    const departmentId = positiveInteger(values.department, 'department');
    const password = values.password ?? generatePassword();
    return withRuntime(async (_runtime, identity) => {
      const user = await identity.directory.createUser({ login, name, password, isAdmin: values.admin === true, departmentId, email: values.email });
      console.log(`Created user ${user.id} "${user.login}"${user.isAdmin ? ' (administrator)' : ''}`);
      if (!values.password) console.log(`Password (shown once): ${password}`);
      return 0;
    });
  }
  if (sub === 'list') {
    return withRuntime(async (_runtime, identity) => {
      for (const u of await identity.directory.listUsers({ limit: 5000 })) {
        console.log([u.id, u.login, u.name, u.active ? 'active' : 'inactive', u.isAdmin ? 'admin' : '', u.departmentId ?? ''].join('\t').trimEnd());
      }
      return 0;
    });
  }
  if (sub === 'password') {
    const login = required(values.login, 'login');
    const password = values.password ?? generatePassword();
    return withRuntime(async (_runtime, identity) => {
      const id = await identity.directory.findUserId(login);
      if (id === undefined) throw new Error(`No user "${login}"`);
      await identity.directory.setPassword(id, password);
      console.log(`Set the password of "${login}"; their sessions have ended`);
      if (!values.password) console.log(`Password (shown once): ${password}`);
      return 0;
    });
  }
  return undefined;
}

async function apiKeyCommand(args: string[]): Promise<number | undefined> {
  const { values, positionals } = parseArgs({ args, options: userOptions, allowPositionals: true, strict: true });
  if (positionals[0] !== 'create') return undefined;
  const name = required(values.name, 'name');
  const app = required(values.app, 'app');
  const role = required(values.role, 'role');
  const expiresAt = values.expires === undefined ? undefined : new Date(values.expires);
  if (expiresAt && Number.isNaN(expiresAt.getTime())) throw new Error(`--expires must be a date such as 2027-01-01, not ${JSON.stringify(values.expires)}`);
  return withRuntime(async (_runtime, identity) => {
    const { key, secret } = await identity.apiKeys.create({ name, app, role, expiresAt, createdBy: await administrator(identity) });
    console.log(`Created API key ${key.id} "${key.name}" for role ${key.role} in ${key.app}${key.expiresAt ? `, expiring ${key.expiresAt}` : ''}`);
    console.log(`Key (shown once): ${secret}`);
    return 0;
  });
}

async function run(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  const files = rest.filter((a) => !a.startsWith('--'));
  switch (command) {
    case 'user': {
      const code = await userCommand(rest);
      if (code !== undefined) return code;
      break;
    }
    case 'api-key': {
      const code = await apiKeyCommand(rest);
      if (code !== undefined) return code;
      break;
    }
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
      return withRuntime(async (runtime, identity) => {
        const result =
          command === 'plan'
            ? await runtime.apps.plan(document)
            : await runtime.apps.publish(document, { actor: await administrator(identity), allowDataLoss: rest.includes('--allow-data-loss') });
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
    const own = problemOfIdentityError(error);
    const { problem, internal } = own ? { problem: own, internal: false } : errorToProblem(error);
    if (internal) console.error(error instanceof Error ? error.message : error);
    else console.error(`${problem.code}: ${problem.detail}${problem.errors.map((e) => `\n  ${e.path || '/'} ${e.message}`).join('')}`);
    process.exit(1);
  },
);
