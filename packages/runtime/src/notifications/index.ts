/**
 * Notifications: each user's in-app inbox, e-mail over SMTP, and 企业微信 / 钉钉 group robots.
 *
 * ## deliverNotification(db, request, notifications) → Promise<NotificationReport>
 *
 * ```ts
 * deliverNotification(
 *   db: Kysely<DynamicTables>,          // the caller's transaction (or the database): everything is written in it
 *   request: {
 *     app: string,                      // installed app key
 *     record: { entity: string, id: number },
 *     recipients: NotificationRecipient[],   // 1–50: the metadata's Participant
 *                                       //   { type: 'user', user: login } | { type: 'role', role } |
 *                                       //   { type: 'manager', of?: 'owner' | 'initiator', level?: 1–10 } |
 *                                       //   { type: 'field', field: 'owner_id' | 'created_by' | <user field> }
 *                                       //   or { type: 'userId', id }
 *     cc?: NotificationRecipient[],
 *     subject?: string,                 // handlebars over the record (inbox title, e-mail subject)
 *     body: string,                     // handlebars over the record
 *     channels?: ('inApp' | 'email' | 'sms' | 'wecom' | 'dingtalk')[],   // default ['inApp']
 *     initiator?: number,               // the acting user (manager of the initiator)
 *     source?: string,                  // shown with the notification: 'rule:lead_rules/remind'
 *     key?: string,                     // idempotency: the same key twice writes and sends once
 *   },
 *   notifications: Notifications,       // the process's (Notifications.open)
 * ): Promise<{ recipients: number[], inbox: number, queued: number[], unresolved: { path, reason }[], skipped: { channel, reason }[] }>
 * ```
 *
 * A rule's `notify` effect is `{ kind: 'notify', notification }` with the metadata's
 * `Notification` (`{ channels?, recipients, cc?, subject?, body }`): it is delivered as
 * `deliverNotification(trx, { app, record, ...notification, initiator, source, key }, notifications)`:
 * `ruleNotifications(notifications)` is that adapter, handed to `runtime.startAutomation({ deliver })`.
 *
 * What it guarantees:
 * - Recipients are resolved to active users, each once (managers through the org chart).
 * - Each recipient's text is filled over the record **as that recipient reads it** (the record
 *   guard of the runtime): a recipient who cannot read the record gets the template with no
 *   field values and no record link; a field hidden from them fills empty; a related record
 *   they cannot read is absent. A group robot's message is filled as its `viewAs` user reads it.
 * - Inbox rows, delivery rows and their jobs are written in `db`: a rolled-back write notifies
 *   nobody. E-mails and robot messages are sent later by a worker, with retries and doubling
 *   delays; a failing SMTP server or robot never fails the caller, and failures are kept on the
 *   delivery (`Deliveries.list({ state: 'failed' })`, retried by an administrator).
 * - Bad input (an unknown app or entity, a record that does not exist, a template that does not
 *   compile, no recipients) throws a PipewrightError naming the JSON path; nothing is written.
 */
export { deliverNotification, type NotificationChannel, type NotificationReport, type NotificationRequest } from './deliver-notification.ts';
export { Notifications, notificationSettings, type NotificationsOptions } from './notifications.ts';
export { Inbox, NotificationNotFoundError, maxInboxPage, type InboxNotification, type InboxPage, type InboxQuery, type RecordLink } from './inbox.ts';
export { Deliveries, DeliveryNotFoundError, deliveryQueue, deadDeliveryQueue, type Delivery, type DeliveryChannel, type DeliveryRetry, type DeliveryState } from './deliveries.ts';
export { RobotStore, RobotInvalidError, RobotNotFoundError, type Robot, type NewRobot, type RobotChanges } from './robots.ts';
export { robotMessage, signedDingtalkUrl, robotAnswerError, escapeMarkdown, type RobotKind, type RobotFormat } from './robot-messages.ts';
export { Mailer, readMailSettings, type MailSettings, type MailMessage } from './email.ts';
export { resolveRecipients, type NotificationRecipient } from './recipients.ts';
export { ruleNotifications } from './rule-notifications.ts';
