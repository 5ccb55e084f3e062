import { Type, type Static } from '@sinclair/typebox';
import { uuidSchema } from '../common.js';
import { shotSchema, checklistItemSchema } from '../catalogue/catalogue.schemas.js';

/** 远程踏勘 statuses; see inspection.table.ts on the server. */
export const INSPECTION_STATUSES = ['scheduled', 'live', 'interrupted', 'concluded', 'cancelled', 'converted_onsite'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];
export const inspectionStatusSchema = Type.Union(INSPECTION_STATUSES.map((status) => Type.Literal(status)));

export const locationVerdictSchema = Type.Union([Type.Literal('on_site'), Type.Literal('off_site'), Type.Literal('unknown')]);
export type LocationVerdictValue = Static<typeof locationVerdictSchema>;

const latitude = Type.Number({ minimum: -90, maximum: 90 });
const longitude = Type.Number({ minimum: -180, maximum: 180 });
const reason = Type.String({ minLength: 1, maxLength: 500 });
const version = Type.Integer({ minimum: 0 });

/** The slot the system proposes for a case: the earliest with two free inspectors inside the deadline. */
export const slotProposalSchema = Type.Object({
  start: Type.String({ format: 'date-time' }),
  end: Type.String({ format: 'date-time' }),
  inspectors: Type.Array(Type.Object({ id: uuidSchema, displayName: Type.String() })),
  /** The case's due date the slot keeps to; null when the clock has none. */
  lastDay: Type.Union([Type.String(), Type.Null()]),
});
export type SlotProposal = Static<typeof slotProposalSchema>;

export const freeSlotsQuerySchema = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })) }, { additionalProperties: false });
export type FreeSlotsQuery = Static<typeof freeSlotsQuerySchema>;

export const bookInspectionBodySchema = Type.Object(
  {
    caseId: uuidSchema,
    slotStart: Type.String({ format: 'date-time' }),
    inspectorIds: Type.Array(uuidSchema, { minItems: 2, maxItems: 4, uniqueItems: true }),
    siteAddress: Type.String({ minLength: 2, maxLength: 200 }),
    siteLatitude: latitude,
    siteLongitude: longitude,
    siteRadiusMeters: Type.Optional(Type.Integer({ minimum: 20, maximum: 5000 })),
  },
  { additionalProperties: false },
);
export type BookInspectionBody = Static<typeof bookInspectionBodySchema>;

export const rescheduleInspectionBodySchema = Type.Object(
  { version, slotStart: Type.String({ format: 'date-time' }), inspectorIds: Type.Array(uuidSchema, { minItems: 2, maxItems: 4, uniqueItems: true }), reason },
  { additionalProperties: false },
);
export type RescheduleInspectionBody = Static<typeof rescheduleInspectionBodySchema>;

export const inspectionReasonBodySchema = Type.Object({ version, reason }, { additionalProperties: false });
export type InspectionReasonBody = Static<typeof inspectionReasonBodySchema>;

export const locationFixBodySchema = Type.Object(
  { latitude, longitude, accuracyMeters: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })) },
  { additionalProperties: false },
);
export type LocationFixBody = Static<typeof locationFixBodySchema>;

export const inspectionLocationSchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  latitude: Type.Number(),
  longitude: Type.Number(),
  accuracyMeters: Type.Union([Type.Number(), Type.Null()]),
  distanceMeters: Type.Number(),
});

export const inspectionSchema = Type.Object({
  id: uuidSchema,
  caseId: uuidSchema,
  caseNumber: Type.Union([Type.String(), Type.Null()]),
  serviceItem: Type.Object({ id: uuidSchema, nameZh: Type.String(), nameEn: Type.String() }),
  enterpriseName: Type.Union([Type.String(), Type.Null()]),
  status: inspectionStatusSchema,
  slotStart: Type.String({ format: 'date-time' }),
  slotEnd: Type.String({ format: 'date-time' }),
  site: Type.Object({ address: Type.String(), latitude: Type.Number(), longitude: Type.Number(), radiusMeters: Type.Integer() }),
  inspectors: Type.Array(Type.Object({ id: uuidSchema, displayName: Type.String(), confirmedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) })),
  location: Type.Object({ verdict: locationVerdictSchema, distanceMeters: Type.Union([Type.Number(), Type.Null()]), trail: Type.Array(inspectionLocationSchema) }),
  checklist: Type.Array(checklistItemSchema),
  shotList: Type.Array(shotSchema),
  statusReason: Type.Union([Type.String(), Type.Null()]),
  result: Type.Union([Type.String(), Type.Null()]),
  findings: Type.Union([Type.String(), Type.Null()]),
  /** 现场踏勘记录 the signed record, once both inspectors confirmed. */
  record: Type.Union([Type.Object({ documentId: uuidSchema, fileId: uuidSchema, verificationCode: Type.String() }), Type.Null()]),
  version: Type.Integer(),
});
export type Inspection = Static<typeof inspectionSchema>;

/** What the invitation link shows on the applicant's phone: no account, only this inspection. */
export const phoneInspectionSchema = Type.Object({
  status: inspectionStatusSchema,
  serviceItem: Type.Object({ nameZh: Type.String(), nameEn: Type.String() }),
  enterpriseName: Type.Union([Type.String(), Type.Null()]),
  caseNumber: Type.Union([Type.String(), Type.Null()]),
  zone: Type.Object({ nameZh: Type.String(), nameEn: Type.String() }),
  slotStart: Type.String({ format: 'date-time' }),
  slotEnd: Type.String({ format: 'date-time' }),
  siteAddress: Type.String(),
  shotList: Type.Array(shotSchema),
  /** The link stops working at this instant. */
  expiresAt: Type.String({ format: 'date-time' }),
});
export type PhoneInspection = Static<typeof phoneInspectionSchema>;

export const invitationTokenParamsSchema = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

export const listInspectionsQuerySchema = Type.Object({
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  caseId: Type.Optional(uuidSchema),
});
export type ListInspectionsQuery = Static<typeof listInspectionsQuerySchema>;

/** 踏勘结论 合格 / 需整改 / 不合格. */
export const INSPECTION_RESULTS = ['passed', 'needs_rectification', 'failed'] as const;
export const inspectionResultSchema = Type.Union(INSPECTION_RESULTS.map((result) => Type.Literal(result)));

/** An inspector records the result and signs it by re-entering the password. */
export const concludeInspectionBodySchema = Type.Object(
  { version, result: inspectionResultSchema, findings: Type.String({ minLength: 1, maxLength: 2000 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type ConcludeInspectionBody = Static<typeof concludeInspectionBodySchema>;

/** The other inspector signs the same result. */
export const confirmInspectionBodySchema = Type.Object({ version, password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type ConfirmInspectionBody = Static<typeof confirmInspectionBodySchema>;
