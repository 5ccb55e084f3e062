import type { OutboxMessage } from '@yuanqu/shared';
import type { Database, Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { renderTemplate } from './notification.templates.js';
import type { NotificationSender } from './notification.senders.js';
import * as repository from './notifications.repository.js';

export interface NotificationRequest {
  zoneId: string;
  channel: 'sms' | 'email';
  recipient: string;
  recipientUserId: string | null;
  template: string;
  params: Record<string, string>;
}

/** Writes a message into the outbox in the caller's transaction; the dispatcher sends it after commit. */
export async function enqueueNotification(executor: Executor, clock: Clock, request: NotificationRequest): Promise<void> {
  await repository.insertMessage(executor, { ...request, body: renderTemplate(request.template, request.params), status: 'pending', createdAt: clock.now() });
}

function toOutboxMessage(row: repository.OutboxRow): OutboxMessage {
  return {
    id: row.id,
    channel: row.channel as OutboxMessage['channel'],
    recipient: row.recipient,
    template: row.template,
    body: row.body,
    status: row.status as OutboxMessage['status'],
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

/** How many times a message is tried before it is left as failed for a person to look at. */
const MAX_ATTEMPTS = 5;

export function createNotificationsService(db: Database, clock: Clock, senders: Record<'sms' | 'email', NotificationSender>) {
  return {
    /** Sends what is pending; returns how many were sent. Runs on a timer in the server. */
    async dispatchPending(limit = 50): Promise<number> {
      let sent = 0;
      for (const message of await repository.findPending(db, limit)) {
        const sender = senders[message.channel as 'sms' | 'email'];
        try {
          await sender.send({ channel: message.channel as 'sms' | 'email', recipient: message.recipient, body: message.body });
          await repository.markMessage(db, message.id, { status: 'sent', sentAt: clock.now(), attempts: message.attempts + 1, lastError: null });
          sent += 1;
        } catch (error) {
          const attempts = message.attempts + 1;
          await repository.markMessage(db, message.id, { status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', attempts, lastError: String(error).slice(0, 500) });
        }
      }
      return sent;
    },

    async listZoneMessages(zoneId: string, page: number, pageSize: number) {
      const { rows, total } = await repository.findMessagesPage(db, repository.zoneFilter(zoneId), page, pageSize);
      return { items: rows.map(toOutboxMessage), total, page, pageSize };
    },

    async listMyMessages(zoneId: string, userId: string, page: number, pageSize: number) {
      const { rows, total } = await repository.findMessagesPage(db, repository.recipientFilter(zoneId, userId), page, pageSize);
      return { items: rows.map(toOutboxMessage), total, page, pageSize };
    },
  };
}

export type NotificationsService = ReturnType<typeof createNotificationsService>;
