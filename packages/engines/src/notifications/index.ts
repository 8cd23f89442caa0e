export { compileNotificationTemplate, NotificationTemplateError, type NotificationTemplate } from './notification-template.ts';
