/**
 * Starts Pipewright's server from the environment (see server-config.ts): opens the database
 * (PGlite in `PIPEWRIGHT_DATA_DIR` unless `DATABASE_URL` is set), prepares the runtime and
 * identity, makes sure an administrator exists (printing a generated password once, to the
 * console, never to the log), installs the template app on first start, and listens. SIGINT / SIGTERM close it gracefully: stop taking
 * requests, finish the running ones, close the database.
 *
 * @example
 * pnpm start                       # http://127.0.0.1:3000 on ./data/pglite
 * DATABASE_URL=postgres://… PORT=8080 pnpm start
 */
import { cjkFontsInstalled, cjkFontsWarning, createDatabase, DiskFileStore, JobQueue, notificationSettings, Notifications, openIdentity, openRuntime, PrintJobs, ruleNotifications, WorkflowService, type EnsureAdminResult } from '@pipewright/runtime';
import { buildServer } from './app.ts';
import { readServerConfig } from './server-config.ts';
import { installTemplate } from './template/install-template.ts';

async function main(): Promise<void> {
  const config = readServerConfig(process.env);
  // Only the server creates a new embedded database; it holds the data directory while it runs.
  const database = await createDatabase({ ...config.database, holder: 'the server', create: true });
  const runtime = await openRuntime(database, { files: new DiskFileStore(config.filesDir), maxFileBytes: config.maxFileBytes });
  const identity = await openIdentity(database, { apps: runtime.apps });
  // Durable jobs: the notification worker (e-mail, group robots) runs in every instance.
  const jobs = await JobQueue.start(database);
  const notifications = await Notifications.open(runtime, identity.directory, { jobs, ...notificationSettings(process.env) });
  // Workflows: timers (timeouts, reminders) are durable jobs; their worker runs in every instance.
  const workflows = new WorkflowService({ database, apps: runtime.apps, records: runtime.records, directory: identity.directory, notifications, jobs });
  // Batch prints: background jobs on the same queue, resumed by any instance after a restart.
  const printJobs = await PrintJobs.start(runtime, jobs);
  const app = buildServer({ runtime, identity, notifications, workflows, printJobs, logger: { level: config.logLevel }, secureCookies: config.secureCookies, trustProxy: config.trustProxy, studioDirectory: config.studioDirectory });
  const log = app.log;
  log.info({ database: { kind: database.kind, location: database.location } }, `Database: ${database.kind} at ${database.location}`);
  if (!cjkFontsInstalled()) log.warn(cjkFontsWarning);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`${signal} received: closing`);
    const forced = setTimeout(() => {
      log.error('Shutdown took longer than 10 s: exiting');
      process.exit(1);
    }, 10_000);
    forced.unref();
    app
      .close()
      .then(() => jobs.stop())
      .then(() => notifications.close())
      .then(() => identity.close())
      .then(() => runtime.close())
      .then(() => {
        log.info('Closed');
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  try {
    const admin = await identity.ensureAdmin({ password: config.adminPassword });
    if (admin.created) log.info({ userId: admin.userId }, 'Created the administrator "admin"');
    // Automation first, so the sample records' events are assigned and scored as any write is.
    await runtime.startAutomation({ jobs, workflows, deliver: ruleNotifications(notifications), logError: (message, details) => log.error(details, message) });
    await workflows.startTimers();
    // Timers due while no server ran fire now (their jobs would too; a timer fires once either way).
    await workflows.fireDueTimers();
    const template = await installTemplate(runtime, { actor: { userId: admin.userId }, sampleData: config.sampleData, directory: identity.directory });
    if (template.installed) log.info(template, `Installed the template app "${template.app}" ${template.version} with ${template.sampleRecords} sample records`);
    await app.listen({ port: config.port, host: config.host });
    const port = (app.server.address() as { port: number } | null)?.port ?? config.port;
    const url = `http://${displayHost(config.host)}:${port}`;
    log.info({ url }, `Pipewright is listening on ${url}; API at ${url}/api`);
    printAdminPassword(admin, url);
  } catch (error) {
    log.fatal({ err: error }, 'Could not start');
    await app.close().catch(() => undefined);
    await jobs.stop().catch(() => undefined);
    await identity.close().catch(() => undefined);
    await runtime.close().catch(() => undefined);
    process.exit(1);
  }
}

/**
 * A generated admin password goes to the console once, on its own, and never through the logger
 * (logs are shipped and kept; this is a secret).
 */
function printAdminPassword(admin: EnsureAdminResult, url: string): void {
  if (!admin.generatedPassword) return;
  const line = '─'.repeat(64);
  process.stdout.write(
    `\n${line}\n  First start: open ${url} and log in as "admin" with the password\n\n      ${admin.generatedPassword}\n\n` +
      `  It is shown this once. Change it after logging in (the user menu, top right),\n` +
      `  or set PIPEWRIGHT_ADMIN_PASSWORD before the first start next time.\n${line}\n\n`,
  );
}

/**
 * The host to print in URLs: the one listened on, so that a cookie stored for it is sent back
 * (curl and browsers keep `localhost` and `127.0.0.1` apart); `localhost` for every interface.
 */
function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

main().catch((error: unknown) => {
  // Before the logger exists (bad configuration, database unreachable).
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
