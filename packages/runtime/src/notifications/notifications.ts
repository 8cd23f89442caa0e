/**
 * The notifications of a process: the inbox, the group robots, the deliveries and their worker,
 * and what `deliverNotification` needs to read records as each recipient (the app models, the
 * compiled permissions, the directory). One per process.
 *
 * @example
 * const jobs = await JobQueue.start(runtime.database);
 * const notifications = await Notifications.open(runtime, identity.directory, { jobs, ...notificationSettings(process.env) });
 * await deliverNotification(trx, { app: 'crm', record: { entity: 'lead', id }, recipients: [{ type: 'field', field: 'owner_id' }], body: '新线索：{{name}}' }, notifications);
 */
import type { AppStore } from '../apps/app-store.ts';
import type { Database } from '../database/index.ts';
import type { Directory } from '../identity/directory.ts';
import type { OrgChart } from '../identity/org-chart.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { OutboundPolicy } from '../outbound/outbound-policy.ts';
import { sendOutbound } from '../outbound/outbound-request.ts';
import type { AccessPolicy } from '../permissions/access-policy.ts';
import { Deliveries, type Delivery, type DeliveryRetry } from './deliveries.ts';
import { Mailer, readMailSettings, type MailSettings } from './email.ts';
import { Inbox, type RecordLink } from './inbox.ts';
import { robotAnswerError, robotMessage, signedDingtalkUrl } from './robot-messages.ts';
import { RobotStore } from './robots.ts';

export interface NotificationsOptions {
  /** Without a job queue, only the inbox works: e-mails and robot messages are skipped. */
  jobs?: JobQueue | undefined;
  /** SMTP; unset: no e-mail. */
  mail?: MailSettings | undefined;
  /** Where webhooks and robots may send (default: public addresses only). */
  outbound?: OutboundPolicy | undefined;
  /** The server's address as users reach it (`https://crm.example.com`), for record links in e-mails and robot messages. */
  publicUrl?: string | undefined;
  retry?: DeliveryRetry | undefined;
}

/** The notification settings of the environment (`PIPEWRIGHT_SMTP_URL`, `PIPEWRIGHT_SMTP_FROM`, `PIPEWRIGHT_WEBHOOK_ALLOW`, `PIPEWRIGHT_PUBLIC_URL`). */
export function notificationSettings(env: Readonly<Record<string, string | undefined>>): Pick<NotificationsOptions, 'mail' | 'outbound' | 'publicUrl'> {
  const publicUrl = env.PIPEWRIGHT_PUBLIC_URL?.trim();
  if (publicUrl && !/^https?:\/\/[^/\s]+/i.test(publicUrl)) throw new Error(`PIPEWRIGHT_PUBLIC_URL must be an http(s) address such as https://crm.example.com, not ${JSON.stringify(publicUrl)}`);
  return { mail: readMailSettings(env), outbound: OutboundPolicy.fromEnvironment(env), publicUrl: publicUrl ? publicUrl.replace(/\/+$/, '') : undefined };
}

export class Notifications {
  readonly inbox: Inbox;
  readonly robots: RobotStore;
  readonly deliveries: Deliveries;
  readonly mailer: Mailer | undefined;
  readonly outbound: OutboundPolicy;
  readonly apps: AppStore;
  readonly policy: AccessPolicy;
  private readonly database: Database;
  private connectedOrg: OrgChart | undefined;

  private constructor(
    runtime: { database: Database; apps: AppStore; policy: AccessPolicy },
    readonly directory: Directory,
    private readonly options: NotificationsOptions,
  ) {
    this.database = runtime.database;
    this.apps = runtime.apps;
    this.policy = runtime.policy;
    this.outbound = options.outbound ?? new OutboundPolicy();
    this.inbox = new Inbox(runtime.database);
    this.robots = new RobotStore(runtime.database, this.outbound);
    this.deliveries = new Deliveries(runtime.database, options.jobs);
    this.mailer = options.mail ? new Mailer(options.mail) : undefined;
  }

  /** Opens the notifications; with a job queue, also starts the delivery worker. */
  static async open(runtime: { database: Database; apps: AppStore; policy: AccessPolicy }, directory: Directory, options: NotificationsOptions = {}): Promise<Notifications> {
    const notifications = new Notifications(runtime, directory, options);
    await notifications.deliveries.start((delivery) => notifications.send(delivery), options.retry);
    return notifications;
  }

  /**
   * The org chart, also handed to the permission compiler (department scopes) when it changed,
   * so a process that serves no requests reads records with the current organisation too.
   */
  async orgChart(): Promise<OrgChart> {
    const org = await this.directory.orgChart();
    const current = this.directory.currentOrgChart() ?? org;
    if (current !== this.connectedOrg) {
      this.connectedOrg = current;
      this.policy.useDirectory(current);
    }
    return org;
  }

  /** The record's page in the studio, or undefined without `publicUrl`. */
  recordUrl(link: RecordLink): string | undefined {
    if (!this.options.publicUrl) return undefined;
    return `${this.options.publicUrl}/apps/${encodeURIComponent(link.app)}/records/${encodeURIComponent(link.entity)}/${link.id}`;
  }

  /** Sends one queued delivery (the worker's job); throws to fail the attempt. */
  private async send(delivery: Delivery): Promise<void> {
    if (delivery.channel === 'email') {
      if (!this.mailer) throw new Error('PIPEWRIGHT_SMTP_URL is not set on the server that sends');
      if (!delivery.address) throw new Error('the recipient has no e-mail address');
      await this.mailer.send({ to: delivery.address, subject: delivery.subject, text: delivery.link ? `${delivery.body}\n\n${delivery.link}` : delivery.body });
      return;
    }
    const robot = delivery.robotId === null ? undefined : await this.robots.endpoint(this.database.db, delivery.robotId);
    if (!robot) throw new Error('the robot was removed');
    if (!robot.active) throw new Error(`the robot "${robot.name}" is switched off`);
    const url = robot.kind === 'dingtalk' && robot.secret ? signedDingtalkUrl(robot.url, robot.secret) : robot.url;
    const message = robotMessage(robot.kind, robot.format, { title: delivery.subject, text: delivery.body, link: delivery.link ?? undefined, linkLabel: '查看记录' });
    const answer = await sendOutbound(this.outbound, { url, method: 'POST', json: message, timeoutMs: 10_000 });
    const problem = robotAnswerError(answer.status, answer.body);
    if (problem) throw new Error(`${robot.kind} robot "${robot.name}": ${problem}`);
  }

  close(): void {
    this.mailer?.close();
  }
}
