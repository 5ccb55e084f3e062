import { Type, type Static } from '@sinclair/typebox';
import { pageQuerySchema, uuidSchema } from '../common.js';

export const auditOutcomeSchema = Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('denied')]);
export type AuditOutcome = Static<typeof auditOutcomeSchema>;

export const auditEventSchema = Type.Object({
  seq: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  actorId: Type.Union([uuidSchema, Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  outcome: auditOutcomeSchema,
  requestId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
  hash: Type.String(),
});
export type AuditEvent = Static<typeof auditEventSchema>;

export const listAuditEventsQuerySchema = Type.Composite([
  pageQuerySchema,
  Type.Object({
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    actor: Type.Optional(Type.String({ maxLength: 64 })),
    action: Type.Optional(Type.String({ maxLength: 64 })),
    outcome: Type.Optional(auditOutcomeSchema),
  }),
]);
export type ListAuditEventsQuery = Static<typeof listAuditEventsQuerySchema>;

export const auditProblemSchema = Type.Object({
  seq: Type.Integer(),
  kind: Type.Union([Type.Literal('altered'), Type.Literal('missing'), Type.Literal('reordered'), Type.Literal('chain_broken')]),
  message: Type.String(),
});
export type AuditProblem = Static<typeof auditProblemSchema>;

export const auditVerificationSchema = Type.Object({
  checked: Type.Integer(),
  isIntact: Type.Boolean(),
  problems: Type.Array(auditProblemSchema),
});
export type AuditVerification = Static<typeof auditVerificationSchema>;
