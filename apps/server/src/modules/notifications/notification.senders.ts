/**
 * Senders deliver outbox messages. Production plugs in an SMS gateway and an SMTP relay behind
 * these interfaces; development keeps every message in the outbox, where the UI shows it.
 */
export interface OutgoingMessage {
  channel: 'sms' | 'email';
  recipient: string;
  body: string;
}

export interface NotificationSender {
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
}

/** Delivers nothing: the message stays readable in the outbox (开发环境的短信在界面中查看). */
export const developmentSender: NotificationSender = {
  name: 'development',
  async send() {
    // Kept in the outbox table; nothing leaves the machine.
  },
};
