/**
 * Batch prints as background jobs (decision 115): many records printed with one template, as one
 * merged PDF or a zip of one PDF per record, while the user does something else.
 *
 * `submit` settles which records print (the ids given, or every record a filter selects within
 * the caller's read scope), checks the print action on each, and queues a pg-boss job; the row
 * in `pipewright.print_jobs` carries progress. The worker renders the records in order, counting
 * `done`, and stores the result through the file store as a file uploaded by the job's creator,
 * so only they read it. A job the process did not finish (a restart) is retried by pg-boss and
 * prints again from the start; a cancelled job stops before its next record.
 *
 * @example
 * const jobs = await PrintJobs.start(runtime, queue);
 * const { id } = await jobs.submit('crm', 'opportunity', { template: 'opportunity_quote', filter, output: 'zip' }, actor);
 * const job = await jobs.status('crm', id, actor);   // { status: 'running', done: 12, total: 30 }
 * const { content } = await jobs.file('crm', id, actor);
 */
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import archiver from 'archiver';
import { PipewrightError } from '@pipewright/engines';
import type { Filter } from '@pipewright/metadata';
import { sql } from 'kysely';
import { PDFDocument } from 'pdf-lib';
import type { Readable } from 'node:stream';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Actor } from '../records/record-writer.ts';
import type { Runtime as FullRuntime } from '../runtime.ts';
import { PrintBatchTooLargeError, PrintJobNotFoundError, PrintJobNotReadyError } from './print-errors.ts';

/** The most records one print job holds. */
export const printJobLimit = 1000;

const printJobQueue = 'print-batch';

export type PrintJobOutput = 'pdf' | 'zip';
export type PrintJobStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface PrintJobRequest {
  template: string;
  ids?: readonly number[] | undefined;
  filter?: Filter | undefined;
  output: PrintJobOutput;
}

/** A print job as its creator sees it. */
export interface PrintJob {
  id: string;
  entity: string;
  template: string;
  output: PrintJobOutput;
  status: PrintJobStatus;
  done: number;
  total: number;
  error?: { code: string; message: string } | undefined;
  /** The result's file name, once completed. */
  fileName?: string | undefined;
  createdAt: string;
  finishedAt?: string | undefined;
}

interface PrintJobRow {
  id: string;
  app: string;
  entity: string;
  template: string;
  output: PrintJobOutput;
  created_by: string | number;
  actor: Actor | string;
  ids: number[] | string;
  total: number;
  done: number;
  status: PrintJobStatus;
  error: { code: string; message: string } | string | null;
  file_id: string | null;
  created_at: Date | string;
  finished_at: Date | string | null;
}

type Runtime = Pick<FullRuntime, 'prints' | 'records' | 'files' | 'database'>;

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
const iso = (value: Date | string) => new Date(value).toISOString();

export class PrintJobs {
  #worker: string | undefined;
  readonly #ownQueue: boolean;

  private constructor(
    private readonly runtime: Runtime,
    private readonly queue: JobQueue,
    ownQueue: boolean,
  ) {
    this.#ownQueue = ownQueue;
  }

  /**
   * Defines the queue and starts this process's worker. `ownQueue`: the queue was started for
   * these jobs alone and `stop` stops it.
   */
  static async start(runtime: Runtime, queue: JobQueue, options: { ownQueue?: boolean } = {}): Promise<PrintJobs> {
    // A job runs a few minutes at most; one that outlives its process expires and is retried.
    await queue.defineQueue({ name: printJobQueue, retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 10 * 60 });
    const jobs = new PrintJobs(runtime, queue, options.ownQueue ?? false);
    jobs.#worker = await queue.work<{ job: string }>(printJobQueue, (job) => jobs.#run(job.data.job));
    return jobs;
  }

  /** Queues a batch print; the records are settled and checked now. */
  async submit(app: string, entity: string, request: PrintJobRequest, actor: Actor): Promise<PrintJob> {
    await this.runtime.prints.templates(app, entity).then((templates) => {
      if (!templates.some((t) => t.key === request.template)) {
        throw new PipewrightError('print.templateNotFound', `Entity "${entity}" has no print template "${request.template}"`, [{ path: '/template', code: 'print.templateNotFound', message: `no print template "${request.template}"` }]);
      }
    });
    const ids = request.ids ? [...new Set(request.ids)] : await this.#selected(app, entity, request.filter, actor);
    if (ids.length === 0) throw new PipewrightError('request.invalid', 'No record to print', [{ path: request.ids ? '/ids' : '/filter', code: 'request.invalid', message: request.ids ? 'must name at least one record' : 'selects no record you may read' }]);
    if (ids.length > printJobLimit) throw new PrintBatchTooLargeError(ids.length, printJobLimit, request.ids ? '/ids' : '/filter');
    await this.runtime.prints.requirePrintable(app, entity, request.ids ?? ids, actor);
    const id = randomUUID();
    const stored: Actor = { userId: actor.userId, departmentId: actor.departmentId, timeZone: actor.timeZone, permissions: actor.permissions };
    await this.runtime.database.db.transaction().execute(async (trx) => {
      await sql`INSERT INTO pipewright.print_jobs (id, app, entity, template, output, created_by, actor, ids, total)
        VALUES (${id}, ${app}, ${entity}, ${request.template}, ${request.output}, ${actor.userId}, ${JSON.stringify(stored)}, ${JSON.stringify(ids)}, ${ids.length})`.execute(trx);
      await this.queue.send(printJobQueue, { job: id }, { trx, idempotencyKey: id });
    });
    if (this.#worker) this.queue.notify(this.#worker);
    return this.status(app, id, actor);
  }

  /** The job, for its creator only; anyone else gets `PrintJobNotFoundError`. */
  async status(app: string, id: string, actor: Actor): Promise<PrintJob> {
    return viewOf(await this.#own(app, id, actor));
  }

  /** The finished file and its bytes, for the job's creator. */
  async file(app: string, id: string, actor: Actor): Promise<{ name: string; mimeType: string; size: number; content: Readable }> {
    const row = await this.#own(app, id, actor);
    if (row.status !== 'completed' || !row.file_id) throw new PrintJobNotReadyError(id, row.status);
    const { file, content } = await this.runtime.files.open(app, row.file_id, actor);
    return { name: file.name, mimeType: file.mimeType, size: file.size, content };
  }

  /** Cancels a queued or running job; a finished one stays as it is. */
  async cancel(app: string, id: string, actor: Actor): Promise<PrintJob> {
    await this.#own(app, id, actor);
    await sql`UPDATE pipewright.print_jobs SET status = 'cancelled', finished_at = now() WHERE id = ${id} AND status IN ('queued', 'running')`.execute(this.runtime.database.db);
    return this.status(app, id, actor);
  }

  async stop(): Promise<void> {
    if (this.#ownQueue) await this.queue.stop();
    else if (this.#worker) await this.queue.offWork(this.#worker).catch(() => undefined);
  }

  async #own(app: string, id: string, actor: Actor): Promise<PrintJobRow> {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await this.#row(id) : undefined;
    if (!row || row.app !== app || Number(row.created_by) !== actor.userId) throw new PrintJobNotFoundError(id);
    return row;
  }

  async #row(id: string): Promise<PrintJobRow | undefined> {
    const { rows } = await sql<PrintJobRow>`SELECT * FROM pipewright.print_jobs WHERE id = ${id}`.execute(this.runtime.database.db);
    return rows[0];
  }

  /** Every record the filter selects within the reader's scope, in the list's order (one past the limit is enough to refuse). */
  async #selected(app: string, entity: string, filter: Filter | undefined, actor: Actor): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.runtime.records.list(app, entity, { ...(filter ? { filter } : {}), fields: ['id'], pageSize: 200, count: 'none', ...(cursor ? { cursor } : {}) }, actor);
      for (const item of page.items) ids.push(Number(item.id));
      cursor = page.nextCursor;
    } while (cursor && ids.length <= printJobLimit);
    return ids;
  }

  async #run(id: string): Promise<void> {
    const db = this.runtime.database.db;
    const row = await this.#row(id);
    if (!row || row.status === 'cancelled' || row.status === 'completed') return;
    await sql`UPDATE pipewright.print_jobs SET status = 'running', done = 0, error = NULL WHERE id = ${id} AND status IN ('queued', 'running', 'failed')`.execute(db);
    const actor = json<Actor>(row.actor);
    const ids = json<number[]>(row.ids);
    const cancelled = async () => (await this.#row(id))?.status === 'cancelled';
    const progress = (done: number) => sql`UPDATE pipewright.print_jobs SET done = ${done} WHERE id = ${id} AND status = 'running'`.execute(db);
    try {
      const print = (record: number) => this.runtime.prints.pdf(row.app, row.entity, record, row.template, actor);
      const result = row.output === 'zip' ? await this.#zip(row, ids, print, progress, cancelled) : await this.#merged(row, ids, print, progress, cancelled);
      if (!result) return;
      await sql`UPDATE pipewright.print_jobs SET status = 'completed', done = total, file_id = ${result}, finished_at = now() WHERE id = ${id} AND status = 'running'`.execute(db);
    } catch (error) {
      const problem = error instanceof PipewrightError ? { code: error.code, message: error.message } : { code: 'print.failed', message: error instanceof Error ? error.message : String(error) };
      await sql`UPDATE pipewright.print_jobs SET status = 'failed', error = ${JSON.stringify(problem)}, finished_at = now() WHERE id = ${id} AND status = 'running'`.execute(db);
      // A record the creator may no longer print fails the job for good; anything else is retried.
      if (!(error instanceof PipewrightError)) throw error;
    }
  }

  /** One PDF per record into a zip streamed into the file store; the file's id, or undefined when cancelled. */
  async #zip(row: PrintJobRow, ids: number[], print: (id: number) => Promise<{ pdf: Uint8Array; fileName: string }>, progress: (done: number) => Promise<unknown>, cancelled: () => Promise<boolean>): Promise<string | undefined> {
    const archive = archiver('zip', { zlib: { level: 6 } });
    const out = new PassThrough();
    archive.pipe(out);
    const stored = this.runtime.files.storeGenerated(row.app, { name: `${row.template}-${ids.length}.zip`, type: 'application/zip', content: out }, json<Actor>(row.actor));
    stored.catch(() => undefined);
    const names = new Set<string>();
    try {
      for (const [i, record] of ids.entries()) {
        if (await cancelled()) {
          archive.abort();
          return undefined;
        }
        const printed = await print(record);
        archive.append(Buffer.from(printed.pdf), { name: uniqueName(printed.fileName, names) });
        await progress(i + 1);
      }
      await archive.finalize();
    } catch (error) {
      archive.abort();
      out.destroy();
      throw error;
    }
    return (await stored).id;
  }

  /** Every record's PDF as one document; the file's id, or undefined when cancelled. */
  async #merged(row: PrintJobRow, ids: number[], print: (id: number) => Promise<{ pdf: Uint8Array }>, progress: (done: number) => Promise<unknown>, cancelled: () => Promise<boolean>): Promise<string | undefined> {
    const merged = await PDFDocument.create();
    for (const [i, record] of ids.entries()) {
      if (await cancelled()) return undefined;
      const document = await PDFDocument.load((await print(record)).pdf);
      for (const page of await merged.copyPages(document, document.getPageIndices())) merged.addPage(page);
      await progress(i + 1);
    }
    const bytes = await merged.save();
    const file = await this.runtime.files.storeGenerated(row.app, { name: `${row.template}-${ids.length}.pdf`, type: 'application/pdf', content: PassThrough.from([Buffer.from(bytes)]) }, json<Actor>(row.actor));
    return file.id;
  }
}

/** `name.pdf`, or `name (2).pdf` when an earlier record printed under the same name. */
function uniqueName(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = name.replace(/(\.pdf)?$/, ` (${n})$1`);
  taken.add(candidate);
  return candidate;
}

function viewOf(row: PrintJobRow): PrintJob {
  const error = row.error ? json<{ code: string; message: string }>(row.error) : undefined;
  return {
    id: row.id,
    entity: row.entity,
    template: row.template,
    output: row.output,
    status: row.status,
    done: row.done,
    total: row.total,
    ...(error ? { error } : {}),
    ...(row.status === 'completed' ? { fileName: `${row.template}-${row.total}.${row.output}` } : {}),
    createdAt: iso(row.created_at),
    ...(row.finished_at ? { finishedAt: iso(row.finished_at) } : {}),
  };
}
