import { Type, type Static } from '@sinclair/typebox';
import { uuidSchema } from '../common.js';

/**
 * 批量导入 the catalogue from an Excel workbook (.xlsx). The workbook has a sheet of items (事项) and a
 * sheet of materials (材料); every other sheet is ignored. Row 1 holds the Chinese headers below
 * (a trailing `*` marks a required column and may be left in); columns may come in any order.
 * Data starts on row 2. A refusal names each bad cell as `sheet.<sheet>.row.<n>.<column>` with the
 * sheet and column keys below and the Excel row number.
 */
export const CATALOGUE_IMPORT_SHEETS = {
  items: { nameZh: '事项', nameEn: 'Items' },
  materials: { nameZh: '材料', nameEn: 'Materials' },
} as const;
export type CatalogueImportSheet = keyof typeof CATALOGUE_IMPORT_SHEETS;

/** A column of the import workbook: its key (in error paths), its header, and whether a value is required. */
export interface CatalogueImportColumn {
  key: string;
  headerZh: string;
  headerEn: string;
  isRequired: boolean;
  /** What the column holds, for the template's instructions sheet. */
  noteZh: string;
}

/** The items sheet: one row per item, upserted by its code. */
export const CATALOGUE_IMPORT_ITEM_COLUMNS = [
  {
    key: 'code',
    headerZh: '事项编码',
    headerEn: 'Item code',
    isRequired: true,
    noteZh: '3–40 位字母、数字或连字符；已有编码的事项被更新，新编码新增',
  },
  { key: 'nameZh', headerZh: '事项名称', headerEn: 'Name (Chinese)', isRequired: true, noteZh: '不超过 120 字' },
  { key: 'nameEn', headerZh: '英文名称', headerEn: 'Name (English)', isRequired: true, noteZh: '不超过 200 个字符' },
  {
    key: 'department',
    headerZh: '实施部门',
    headerEn: 'Department',
    isRequired: true,
    noteZh: '本园区的部门编码或部门名称（见下方部门列表）',
  },
  { key: 'kind', headerZh: '事项类型', headerEn: 'Kind', isRequired: true, noteZh: '行政许可、行政备案、行政确认、公共服务、其他' },
  { key: 'legalBasis', headerZh: '设定依据', headerEn: 'Legal basis', isRequired: true, noteZh: '法律法规名称及条款' },
  {
    key: 'statutoryLimitDays',
    headerZh: '法定时限（工作日）',
    headerEn: 'Statutory limit (working days)',
    isRequired: true,
    noteZh: '1–365 的整数',
  },
  {
    key: 'committedLimitDays',
    headerZh: '承诺时限（工作日）',
    headerEn: 'Committed limit (working days)',
    isRequired: true,
    noteZh: '1–365 的整数，不得超过法定时限',
  },
  { key: 'feeYuan', headerZh: '收费（元）', headerEn: 'Fee (yuan)', isRequired: false, noteZh: '留空或 0 表示不收费' },
  { key: 'feeNote', headerZh: '收费说明', headerEn: 'Fee note', isRequired: false, noteZh: '不超过 300 字' },
  {
    key: 'needsInspection',
    headerZh: '是否踏勘',
    headerEn: 'Site inspection',
    isRequired: false,
    noteZh: '是 / 否，留空为否；为“是”时须填写踏勘要点',
  },
  {
    key: 'inspectionChecklist',
    headerZh: '踏勘要点',
    headerEn: 'Inspection checklist',
    isRequired: false,
    noteZh: '每行一条，格式“中文|English”',
  },
  {
    key: 'shotList',
    headerZh: '拍摄清单',
    headerEn: 'Shot list',
    isRequired: false,
    noteZh: '每行一个镜头，按拍摄顺序，格式“中文|English”',
  },
  {
    key: 'partnerZones',
    headerZh: '跨区受理园区',
    headerEn: 'Partner zones',
    isRequired: false,
    noteZh: '可代为受理的其他园区编码，多个用逗号或顿号分隔',
  },
  {
    key: 'isPublished',
    headerZh: '是否发布',
    headerEn: 'Published',
    isRequired: false,
    noteZh: '是 / 否，留空为否（导入后在目录中核对再发布）',
  },
] as const satisfies readonly CatalogueImportColumn[];

/** The materials sheet: one row per material, in the order applicants see them. */
export const CATALOGUE_IMPORT_MATERIAL_COLUMNS = [
  { key: 'itemCode', headerZh: '事项编码', headerEn: 'Item code', isRequired: true, noteZh: '须是事项表中的编码' },
  {
    key: 'key',
    headerZh: '材料标识',
    headerEn: 'Material key',
    isRequired: false,
    noteZh: '小写字母开头，可含数字和下划线；留空时按名称沿用原标识或自动生成',
  },
  { key: 'nameZh', headerZh: '材料名称', headerEn: 'Name (Chinese)', isRequired: true, noteZh: '不超过 120 字' },
  { key: 'nameEn', headerZh: '英文名称', headerEn: 'Name (English)', isRequired: true, noteZh: '不超过 200 个字符' },
  { key: 'isRequired', headerZh: '是否必需', headerEn: 'Required', isRequired: false, noteZh: '是 / 否，留空为是' },
  { key: 'form', headerZh: '材料形式', headerEn: 'Original or copy', isRequired: false, noteZh: '原件、复印件、电子件，留空为复印件' },
  {
    key: 'formats',
    headerZh: '允许格式',
    headerEn: 'Formats',
    isRequired: true,
    noteZh: 'pdf、jpg、png、ofd、dwg、docx、xlsx、zip，多个用逗号分隔',
  },
  { key: 'maxSizeMb', headerZh: '大小上限（MB）', headerEn: 'Size limit (MB)', isRequired: false, noteZh: '1–500 的整数，留空为 20' },
  { key: 'noteZh', headerZh: '填写说明', headerEn: 'Note (Chinese)', isRequired: false, noteZh: '不超过 300 字' },
  { key: 'noteEn', headerZh: '英文说明', headerEn: 'Note (English)', isRequired: false, noteZh: '不超过 500 个字符' },
  { key: 'templateUrl', headerZh: '模板地址', headerEn: 'Template link', isRequired: false, noteZh: '样表或模板的下载地址' },
] as const satisfies readonly CatalogueImportColumn[];

export type CatalogueImportItemColumn = (typeof CATALOGUE_IMPORT_ITEM_COLUMNS)[number]['key'];
export type CatalogueImportMaterialColumn = (typeof CATALOGUE_IMPORT_MATERIAL_COLUMNS)[number]['key'];

/** Largest workbook accepted, in bytes (a catalogue of hundreds of items is well under 1 MB). */
export const CATALOGUE_IMPORT_MAX_BYTES = 5 * 1024 * 1024;
/** Most item rows one import may hold. */
export const CATALOGUE_IMPORT_MAX_ITEMS = 500;

/**
 * The workbook travels as base64 in JSON, so that the upload goes through the same JSON client,
 * CSRF check and error handling as every other write (the API registers no multipart parser).
 */
export const importServiceItemsBodySchema = Type.Object(
  {
    /** The file's name, for the audit trail only. */
    fileName: Type.String({ minLength: 1, maxLength: 200 }),
    /** The .xlsx file's bytes, base64-encoded; at most `CATALOGUE_IMPORT_MAX_BYTES` once decoded. */
    contentBase64: Type.String({ minLength: 1, maxLength: Math.ceil(CATALOGUE_IMPORT_MAX_BYTES / 3) * 4 + 4 }),
  },
  { additionalProperties: false },
);
export type ImportServiceItemsBody = Static<typeof importServiceItemsBodySchema>;

export const importServiceItemsReplySchema = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: uuidSchema,
      code: Type.String(),
      nameZh: Type.String(),
      nameEn: Type.String(),
      outcome: Type.Union([Type.Literal('created'), Type.Literal('updated')]),
    }),
  ),
});
export type ImportServiceItemsReply = Static<typeof importServiceItemsReplySchema>;

/** 发布 / 停用 an item without resending all of it. */
export const serviceItemPublicationBodySchema = Type.Object({ isPublished: Type.Boolean() }, { additionalProperties: false });
export type ServiceItemPublicationBody = Static<typeof serviceItemPublicationBodySchema>;

/** A zone that may be named as a partner (跨区通办) of the caller's zone's items. */
export const partnerZoneSchema = Type.Object({ id: uuidSchema, code: Type.String(), nameZh: Type.String(), nameEn: Type.String() });
export type PartnerZone = Static<typeof partnerZoneSchema>;
