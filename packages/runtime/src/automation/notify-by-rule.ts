/**
 * How automation delivers a rule's `notify` effect: through the notifications module, in the
 * run's transaction (a run that rolls back notifies nobody), with an idempotency key per event and
 * rule (a run that is retried after a failure does not notify twice), the acting user as the
 * initiator (for "the initiator's manager") and the rule as the source shown with it.
 *
 * @example
 * await runtime.startAutomation({ deliver: notifyByRule(notifications) });
 */
import { deliverNotification } from '../notifications/deliver-notification.ts';
import type { Notifications } from '../notifications/notifications.ts';
import type { NotificationDelivery } from './apply-effects.ts';

export function notifyByRule(notifications: Notifications): NotificationDelivery {
  return async (db, { model, event, effect }) => {
    const report = await deliverNotification(
      db,
      {
        app: model.key,
        record: { entity: event.entity, id: event.recordId },
        ...effect.notification,
        ...(event.actor !== null ? { initiator: event.actor } : {}),
        source: `rule:${effect.ruleset}/${effect.rule}`,
        key: `event:${event.id}:${effect.ruleset}/${effect.rule}`,
      },
      notifications,
    );
    const parts = [`notified ${report.recipients.length === 0 ? 'nobody' : `users ${report.recipients.join(', ')}`}`];
    if (report.queued.length > 0) parts.push(`${report.queued.length} queued`);
    for (const u of report.unresolved) parts.push(`${u.path}: ${u.reason}`);
    for (const s of report.skipped) parts.push(`${s.channel} skipped: ${s.reason}`);
    return parts.join('; ');
  };
}
