/**
 * The rules' `notify` effect delivered through {@link deliverNotification}: the automation
 * worker calls it in the run's transaction, so the notification commits with the run (once per
 * event and ruleset). The record is the event's; the initiator is the user whose write caused
 * the event; the source names the ruleset and rule; the key makes the same effect of the same
 * event notify once.
 *
 * @example
 * await runtime.startAutomation({ deliver: ruleNotifications(notifications) });
 */
import { createHash } from 'node:crypto';
import type { NotificationDelivery } from '../automation/apply-effects.ts';
import { deliverNotification } from './deliver-notification.ts';
import type { Notifications } from './notifications.ts';

export function ruleNotifications(notifications: Notifications): NotificationDelivery {
  return async (db, { model, event, effect }) => {
    const digest = createHash('sha1').update(JSON.stringify(effect.notification)).digest('hex').slice(0, 12);
    const report = await deliverNotification(
      db,
      {
        app: model.key,
        record: { entity: event.entity, id: event.recordId },
        ...effect.notification,
        initiator: event.actor ?? undefined,
        source: `rule:${effect.ruleset}/${effect.rule}`,
        key: `event:${event.id}/${effect.ruleset}/${effect.rule}/${digest}`,
      },
      notifications,
    );
    const parts = [`notified ${report.recipients.length} (inbox ${report.inbox}, queued ${report.queued.length})`];
    if (report.unresolved.length > 0) parts.push(`nobody for ${report.unresolved.map((u) => `${u.path}: ${u.reason}`).join('; ')}`);
    if (report.skipped.length > 0) parts.push(`skipped ${report.skipped.map((s) => `${s.channel} (${s.reason})`).join(', ')}`);
    return parts.join('; ');
  };
}
