import { Type, type Static } from '@sinclair/typebox';
import { uuidSchema } from '../common.js';

export const outboxMessageSchema = Type.Object({
  id: uuidSchema,
  channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]),
  recipient: Type.String(),
  template: Type.String(),
  /** The text exactly as sent. */
  body: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('failed')]),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type OutboxMessage = Static<typeof outboxMessageSchema>;
