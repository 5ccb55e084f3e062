export { createNotificationsService, enqueueNotification, type NotificationsService, type NotificationRequest } from './notifications.service.js';
export { developmentSender, type NotificationSender } from './notification.senders.js';
export { notificationsRoutes } from './notifications.routes.js';
