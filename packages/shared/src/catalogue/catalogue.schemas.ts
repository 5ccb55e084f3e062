import { Type, type Static } from '@sinclair/typebox';
import { pageQuerySchema, uuidSchema } from '../common.js';

/** 事项类型 kinds of service item. */
export const SERVICE_ITEM_KINDS = ['administrative_licence', 'administrative_filing', 'administrative_confirmation', 'public_service', 'other'] as const;
export type ServiceItemKind = (typeof SERVICE_ITEM_KINDS)[number];

/** File formats a material may be uploaded in; the server checks the content, not the name. */
export const MATERIAL_FORMATS = ['pdf', 'jpg', 'png', 'ofd', 'dwg', 'docx', 'xlsx', 'zip'] as const;
export type MaterialFormat = (typeof MATERIAL_FORMATS)[number];

const key = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z][a-z0-9_]*$' });
const nameZh = Type.String({ minLength: 1, maxLength: 120 });
const nameEn = Type.String({ minLength: 1, maxLength: 200 });

/** 申请材料 a required or optional material of an item. */
export const materialSchema = Type.Object(
  {
    key,
    nameZh,
    nameEn,
    isRequired: Type.Boolean(),
    /** 原件 original, 复印件 copy, or electronic only. */
    form: Type.Union([Type.Literal('original'), Type.Literal('copy'), Type.Literal('electronic')]),
    formats: Type.Array(Type.Union(MATERIAL_FORMATS.map((format) => Type.Literal(format))), { minItems: 1, uniqueItems: true }),
    maxSizeMb: Type.Integer({ minimum: 1, maximum: 500 }),
    noteZh: Type.Optional(Type.String({ maxLength: 300 })),
    noteEn: Type.Optional(Type.String({ maxLength: 500 })),
    /** A template or sample to download (a URL path served by the platform). */
    templateUrl: Type.Optional(Type.Union([Type.String({ maxLength: 300 }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type Material = Static<typeof materialSchema>;

export const FORM_FIELD_TYPES = ['text', 'textarea', 'number', 'date', 'select', 'phone', 'credit_code', 'area'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/** One field of an item's application form; the form is data that the web renders and the server checks. */
export const formFieldSchema = Type.Object(
  {
    key,
    labelZh: nameZh,
    labelEn: nameEn,
    type: Type.Union(FORM_FIELD_TYPES.map((type) => Type.Literal(type))),
    isRequired: Type.Boolean(),
    maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    /** For `number` and `area`: the unit shown beside the field (万元, ㎡ …). */
    unit: Type.Optional(Type.String({ maxLength: 20 })),
    options: Type.Optional(Type.Array(Type.Object({ value: key, labelZh: nameZh, labelEn: nameEn }, { additionalProperties: false }), { minItems: 1, maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type FormField = Static<typeof formFieldSchema>;

/** 踏勘要点 a checklist item of the site inspection. */
export const checklistItemSchema = Type.Object({ key, textZh: Type.String({ minLength: 1, maxLength: 200 }), textEn: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false });
export type ChecklistItem = Static<typeof checklistItemSchema>;

/** 拍摄清单 one shot the applicant's phone must show, in order. */
export const shotSchema = Type.Object({ textZh: Type.String({ minLength: 1, maxLength: 200 }), textEn: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false });
export type Shot = Static<typeof shotSchema>;

const serviceItemFields = {
  /** 事项编码. */
  code: Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9A-Za-z][0-9A-Za-z-]*$' }),
  nameZh,
  nameEn,
  departmentId: uuidSchema,
  kind: Type.Union(SERVICE_ITEM_KINDS.map((kind) => Type.Literal(kind))),
  /** 设定依据. */
  legalBasis: Type.String({ minLength: 1, maxLength: 1000 }),
  /** 法定时限, working days. */
  statutoryLimitDays: Type.Integer({ minimum: 1, maximum: 365 }),
  /** 承诺时限, working days; not longer than the statutory limit. */
  committedLimitDays: Type.Integer({ minimum: 1, maximum: 365 }),
  /** Fee in yuan; 0 = free of charge (不收费). */
  feeYuan: Type.Number({ minimum: 0, maximum: 10_000_000 }),
  feeNote: Type.Optional(Type.String({ maxLength: 300 })),
  materials: Type.Array(materialSchema, { maxItems: 40 }),
  form: Type.Array(formFieldSchema, { maxItems: 60 }),
  needsInspection: Type.Boolean(),
  inspectionChecklist: Type.Array(checklistItemSchema, { maxItems: 40 }),
  shotList: Type.Array(shotSchema, { maxItems: 20 }),
  /** Zones that may accept this item for the owning zone (跨区通办). */
  partnerZoneIds: Type.Array(uuidSchema, { maxItems: 20, uniqueItems: true }),
  isPublished: Type.Boolean(),
};

export const serviceItemBodySchema = Type.Object(serviceItemFields, { additionalProperties: false });
export type ServiceItemBody = Static<typeof serviceItemBodySchema>;

export const serviceItemSchema = Type.Object({
  id: uuidSchema,
  ...serviceItemFields,
  feeNote: Type.Union([Type.String(), Type.Null()]),
  department: Type.Object({ id: uuidSchema, nameZh: Type.String(), nameEn: Type.String() }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type ServiceItem = Static<typeof serviceItemSchema>;

/** The short form for lists. */
export const serviceItemSummarySchema = Type.Object({
  id: uuidSchema,
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  kind: serviceItemFields.kind,
  department: Type.Object({ id: uuidSchema, nameZh: Type.String(), nameEn: Type.String() }),
  committedLimitDays: Type.Integer(),
  statutoryLimitDays: Type.Integer(),
  feeYuan: Type.Number(),
  needsInspection: Type.Boolean(),
  materialCount: Type.Integer(),
  isPublished: Type.Boolean(),
});
export type ServiceItemSummary = Static<typeof serviceItemSummarySchema>;

export const listServiceItemsQuerySchema = Type.Composite([
  pageQuerySchema,
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 60 })),
    departmentId: Type.Optional(uuidSchema),
    kind: Type.Optional(serviceItemFields.kind),
    needsInspection: Type.Optional(Type.Boolean()),
    /** Staff may include unpublished items. */
    includeUnpublished: Type.Optional(Type.Boolean()),
  }),
]);
export type ListServiceItemsQuery = Static<typeof listServiceItemsQuerySchema>;

export const zoneCodeParamsSchema = Type.Object({ zoneCode: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' }) });

export * from './catalogue-import.schemas.js';
