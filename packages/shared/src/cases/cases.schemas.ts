import { Type, type Static } from '@sinclair/typebox';
import { documentSummarySchema } from '../documents/documents.schemas.js';
import { pageQuerySchema, uuidSchema } from '../common.js';
import { dateStringSchema } from '../calendar/calendar.schemas.js';

/**
 * 办件状态 the states of a case. submitted → accepted (受理) or refused (不予受理);
 * correction_requested (补正) → submitted again; accepted → inspection (踏勘, when the item needs
 * one) → under_review (审查); suspended (特殊环节, the clock stops) ↔ under_review; concluded (办结,
 * approved or denied) → delivered (送达). A draft is the applicant's until submitted.
 */
export const CASE_STATUSES = [
  'draft',
  'submitted',
  'correction_requested',
  'refused',
  'accepted',
  'inspection',
  'under_review',
  'suspended',
  'concluded',
  'delivered',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const caseStatusSchema = Type.Union(CASE_STATUSES.map((status) => Type.Literal(status)));

export const CASE_DECISIONS = ['approved', 'denied'] as const;
export type CaseDecision = (typeof CASE_DECISIONS)[number];
export const caseDecisionSchema = Type.Union(CASE_DECISIONS.map((decision) => Type.Literal(decision)));

export const DELIVERY_METHODS = ['pickup', 'post', 'electronic'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const deliveryMethodSchema = Type.Union(DELIVERY_METHODS.map((method) => Type.Literal(method)));

/**
 * Where the working-day clock stands: green, yellow (past the warning share), red (overdue), or
 * unknown while the official calendar of a year it reaches is not loaded (never a guess).
 */
export const CLOCK_LIGHTS = ['green', 'yellow', 'red', 'unknown'] as const;
export type ClockLight = (typeof CLOCK_LIGHTS)[number];

export const caseClockSchema = Type.Object({
  /** Committed limit in working days. */
  limitDays: Type.Integer(),
  acceptedOn: Type.Union([dateStringSchema, Type.Null()]),
  /** The last day, after pauses; null before acceptance or while paused with no end known. */
  dueOn: Type.Union([dateStringSchema, Type.Null()]),
  /** Working days used so far (pauses excluded). */
  usedDays: Type.Integer(),
  /** Working days left; negative when overdue. */
  remainingDays: Type.Integer(),
  isPaused: Type.Boolean(),
  light: Type.Union(CLOCK_LIGHTS.map((light) => Type.Literal(light))),
  /** The year whose calendar must be loaded before the clock can be read. */
  missingCalendarYear: Type.Union([Type.Integer(), Type.Null()]),
});
export type CaseClock = Static<typeof caseClockSchema>;

/** Form answers by field key. */
export const formDataSchema = Type.Record(Type.String({ maxLength: 40 }), Type.Union([Type.String({ maxLength: 5000 }), Type.Number(), Type.Null()]));
export type FormData = Static<typeof formDataSchema>;

export const caseMaterialSchema = Type.Object({
  materialKey: Type.String(),
  fileId: uuidSchema,
  fileName: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  /** Type detected from the content. */
  detectedFormat: Type.String(),
  uploadedAt: Type.String({ format: 'date-time' }),
});
export type CaseMaterial = Static<typeof caseMaterialSchema>;

export const deficiencySchema = Type.Object(
  {
    /** A material key or `form.<field key>`. */
    target: Type.String({ minLength: 1, maxLength: 60 }),
    reason: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);
export type Deficiency = Static<typeof deficiencySchema>;

export const caseEventSchema = Type.Object({
  at: Type.String({ format: 'date-time' }),
  action: Type.String(),
  actorName: Type.Union([Type.String(), Type.Null()]),
  fromStatus: Type.Union([caseStatusSchema, Type.Null()]),
  toStatus: Type.Union([caseStatusSchema, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type CaseEvent = Static<typeof caseEventSchema>;

export const caseSummarySchema = Type.Object({
  id: uuidSchema,
  number: Type.Union([Type.String(), Type.Null()]),
  status: caseStatusSchema,
  serviceItem: Type.Object({ id: uuidSchema, code: Type.String(), nameZh: Type.String(), nameEn: Type.String() }),
  department: Type.Object({ id: uuidSchema, nameZh: Type.String(), nameEn: Type.String() }),
  applicantName: Type.String(),
  enterpriseName: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  clock: caseClockSchema,
  updatedAt: Type.String({ format: 'date-time' }),
});
export type CaseSummary = Static<typeof caseSummarySchema>;

/**
 * The form answers that tell one application for an item from another, in order of preference: the
 * project, else the place (a shop's premises, a site, a road). The first one answered is the case's
 * subject on the applicant's list, so that two drafts of one item do not look alike.
 */
export const CASE_SUBJECT_FIELDS = ['project_name', 'project_site', 'premises', 'location', 'road'] as const;

/** A case on the applicant's list (我的办件): the summary and what the application is about. */
export const myCaseSummarySchema = Type.Composite([
  caseSummarySchema,
  Type.Object({
    /** The first answer of `CASE_SUBJECT_FIELDS` given (the project's name, the premises …), if any. */
    subject: Type.Union([Type.String(), Type.Null()]),
  }),
]);
export type MyCaseSummary = Static<typeof myCaseSummarySchema>;

export const caseDetailSchema = Type.Composite([
  caseSummarySchema,
  Type.Object({
    formData: formDataSchema,
    materials: Type.Array(caseMaterialSchema),
    /** The open correction notice (一次性告知), if any. */
    correction: Type.Union([Type.Object({ issuedAt: Type.String({ format: 'date-time' }), deficiencies: Type.Array(deficiencySchema), note: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
    decision: Type.Union([caseDecisionSchema, Type.Null()]),
    decisionReason: Type.Union([Type.String(), Type.Null()]),
    delivery: Type.Union([Type.Object({ method: deliveryMethodSchema, trackingNumber: Type.Union([Type.String(), Type.Null()]), deliveredAt: Type.String({ format: 'date-time' }) }), Type.Null()]),
    events: Type.Array(caseEventSchema),
    /** Documents issued for the case (the decision), newest first; the PDF through the files API. */
    documents: Type.Array(documentSummarySchema),
    version: Type.Integer(),
  }),
]);
export type CaseDetail = Static<typeof caseDetailSchema>;

export const saveDraftBodySchema = Type.Object(
  {
    serviceItemId: uuidSchema,
    formData: formDataSchema,
    /** Material key → uploaded file id. */
    materials: Type.Record(Type.String({ maxLength: 40 }), uuidSchema),
  },
  { additionalProperties: false },
);
export type SaveDraftBody = Static<typeof saveDraftBodySchema>;

export const updateDraftBodySchema = Type.Object(
  { formData: formDataSchema, materials: Type.Record(Type.String({ maxLength: 40 }), uuidSchema), version: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type UpdateDraftBody = Static<typeof updateDraftBodySchema>;

/** Every staff action names the version it saw, so two clerks cannot both act on one case. */
const version = Type.Integer({ minimum: 0 });
const reason = Type.String({ minLength: 1, maxLength: 2000 });

export const caseActionBodySchemas = {
  accept: Type.Object({ version }, { additionalProperties: false }),
  refuse: Type.Object({ version, reason }, { additionalProperties: false }),
  requestCorrection: Type.Object(
    { version, deficiencies: Type.Array(deficiencySchema, { minItems: 1, maxItems: 50 }), note: Type.Optional(Type.String({ maxLength: 2000 })) },
    { additionalProperties: false },
  ),
  completeInspection: Type.Object({ version, result: Type.Union([Type.Literal('passed'), Type.Literal('needs_rectification'), Type.Literal('failed')]), findings: reason }, { additionalProperties: false }),
  suspend: Type.Object({ version, reason }, { additionalProperties: false }),
  resume: Type.Object({ version }, { additionalProperties: false }),
  decide: Type.Object({ version, decision: caseDecisionSchema, reason }, { additionalProperties: false }),
  deliver: Type.Object({ version, method: deliveryMethodSchema, trackingNumber: Type.Optional(Type.String({ minLength: 4, maxLength: 40, pattern: '^[A-Za-z0-9-]+$' })) }, { additionalProperties: false }),
  withdraw: Type.Object({ version, reason }, { additionalProperties: false }),
};
export type CaseActionBody<K extends keyof typeof caseActionBodySchemas> = Static<(typeof caseActionBodySchemas)[K]>;

/** Deleting a draft names the version the applicant saw, as every change of a case does. */
export const deleteDraftQuerySchema = Type.Object({ version: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
export type DeleteDraftQuery = Static<typeof deleteDraftQuerySchema>;

export const resubmitBodySchema = Type.Object(
  { version, formData: formDataSchema, materials: Type.Record(Type.String({ maxLength: 40 }), uuidSchema) },
  { additionalProperties: false },
);
export type ResubmitBody = Static<typeof resubmitBodySchema>;

export const listCasesQuerySchema = Type.Composite([
  pageQuerySchema,
  Type.Object({
    status: Type.Optional(caseStatusSchema),
    serviceItemId: Type.Optional(uuidSchema),
    departmentId: Type.Optional(uuidSchema),
    light: Type.Optional(Type.Union(CLOCK_LIGHTS.map((light) => Type.Literal(light)))),
    /** Overdue only (red). */
    isOverdue: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 60 })),
  }),
]);
export type ListCasesQuery = Static<typeof listCasesQuerySchema>;

export const caseQueueSchema = Type.Object({
  items: Type.Array(caseSummarySchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  /** Open cases by status, for the workbench's tabs. */
  counts: Type.Record(Type.String(), Type.Integer()),
});
export type CaseQueue = Static<typeof caseQueueSchema>;

export type CaseAction = keyof typeof caseActionBodySchemas;
