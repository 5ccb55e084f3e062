import ExcelJS from 'exceljs';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import {
  CATALOGUE_IMPORT_ITEM_COLUMNS,
  CATALOGUE_IMPORT_MATERIAL_COLUMNS,
  CATALOGUE_IMPORT_MAX_ITEMS,
  CATALOGUE_IMPORT_SHEETS,
  MATERIAL_FORMATS,
  SERVICE_ITEM_KINDS,
  serviceItemBodySchema,
  type CatalogueImportColumn,
  type CatalogueImportSheet,
  type ChecklistItem,
  type Material,
  type MaterialFormat,
  type ServiceItemBody,
  type ServiceItemKind,
  type Shot,
} from '@yuanqu/shared';
import type { FieldProblem } from '../../lib/errors.js';

/**
 * 事项目录 Excel import: reading the workbook (an items sheet and a materials sheet, Chinese
 * headers, see `CATALOGUE_IMPORT_*_COLUMNS` in the shared package), turning its rows into item
 * bodies, naming every bad cell, and writing the template. No database code: the service resolves
 * the references and writes.
 */

/** A workbook whose files would unpack to more than this is refused before it is opened (zip bomb). */
const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
/** Most problems one refusal lists; a wholly wrong file would otherwise answer with thousands. */
export const MAX_LISTED_PROBLEMS = 300;
/** Rows of the template that get the drop-down lists. */
const TEMPLATE_ROWS = 300;

export const KIND_LABELS_ZH: Record<ServiceItemKind, string> = {
  administrative_licence: '行政许可',
  administrative_filing: '行政备案',
  administrative_confirmation: '行政确认',
  public_service: '公共服务',
  other: '其他',
};
const FORM_LABELS_ZH: Record<Material['form'], string> = { original: '原件', copy: '复印件', electronic: '电子件' };
const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '✗']);

type Cells = Record<string, ExcelJS.CellValue>;
/** A data row of a sheet: its Excel row number and its cells by column key. */
export interface SheetRow {
  row: number;
  cells: Cells;
}
export interface CatalogueWorkbook {
  items: SheetRow[];
  materials: SheetRow[];
}

export class CatalogueImportProblems {
  readonly list: FieldProblem[] = [];
  private readonly cells = new Set<string>();

  add(field: string, reason: string): void {
    // One problem per cell: the first (most specific) one says what to fix.
    if (this.cells.has(field)) return;
    this.cells.add(field);
    this.list.push({ field, reason });
  }

  has(field: string): boolean {
    return this.cells.has(field);
  }

  get isEmpty(): boolean {
    return this.list.length === 0;
  }

  /** The problems to report, capped, with a last entry saying that more were left out. */
  report(): FieldProblem[] {
    if (this.list.length <= MAX_LISTED_PROBLEMS) return this.list;
    return [...this.list.slice(0, MAX_LISTED_PROBLEMS), { field: 'sheet', reason: 'too_many_problems' }];
  }
}

export function cellField(sheet: CatalogueImportSheet, row: number, column: string): string {
  return `sheet.${sheet}.row.${row}.${column}`;
}

/**
 * The total size the zip's central directory declares for its files, or null when the bytes are
 * not a zip. Read before ExcelJS unpacks everything into memory.
 */
export function declaredUnpackedSize(buffer: Buffer): number | null {
  const endOfDirectory = 0x06054b50;
  const directoryEntry = 0x02014b50;
  const lowest = Math.max(0, buffer.length - 22 - 0xffff);
  for (let offset = buffer.length - 22; offset >= lowest; offset -= 1) {
    if (buffer.readUInt32LE(offset) !== endOfDirectory) continue;
    const entries = buffer.readUInt16LE(offset + 10);
    let position = buffer.readUInt32LE(offset + 16);
    let total = 0;
    for (let index = 0; index < entries; index += 1) {
      if (position + 46 > buffer.length || buffer.readUInt32LE(position) !== directoryEntry) return null;
      total += buffer.readUInt32LE(position + 24);
      position += 46 + buffer.readUInt16LE(position + 28) + buffer.readUInt16LE(position + 30) + buffer.readUInt16LE(position + 32);
    }
    return total;
  }
  return null;
}

/** A cell as trimmed text: rich text joined, formulas by their result, dates as YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value)
    return value.richText
      .map((run) => run.text)
      .join('')
      .trim();
  if ('text' in value && typeof value.text === 'string') return value.text.trim();
  if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
  return '';
}

function normaliseHeader(text: string): string {
  return text.replace(/[*＊\s]/g, '').toLowerCase();
}

function readSheet(
  worksheet: ExcelJS.Worksheet,
  sheet: CatalogueImportSheet,
  columns: readonly CatalogueImportColumn[],
  problems: CatalogueImportProblems,
): SheetRow[] {
  const byHeader = new Map<string, string>();
  for (const column of columns) {
    for (const name of [column.headerZh, column.headerEn, column.key]) byHeader.set(normaliseHeader(name), column.key);
  }
  const columnOf = new Map<number, string>();
  worksheet.getRow(1).eachCell((cell, columnNumber) => {
    const key = byHeader.get(normaliseHeader(cellText(cell.value)));
    if (key && ![...columnOf.values()].includes(key)) columnOf.set(columnNumber, key);
  });
  const present = new Set(columnOf.values());
  for (const column of columns) {
    if (column.isRequired && !present.has(column.key)) problems.add(cellField(sheet, 1, column.key), 'missing_column');
  }
  const rows: SheetRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Cells = {};
    let isEmpty = true;
    for (const [columnNumber, key] of columnOf) {
      const value = row.getCell(columnNumber).value;
      cells[key] = value;
      if (cellText(value) !== '') isEmpty = false;
    }
    if (!isEmpty) rows.push({ row: rowNumber, cells });
  });
  return rows;
}

function findSheet(workbook: ExcelJS.Workbook, sheet: CatalogueImportSheet): ExcelJS.Worksheet | undefined {
  const names = [CATALOGUE_IMPORT_SHEETS[sheet].nameZh, CATALOGUE_IMPORT_SHEETS[sheet].nameEn, sheet].map(normaliseHeader);
  return workbook.worksheets.find((worksheet) => names.includes(normaliseHeader(worksheet.name)));
}

/**
 * Reads the two sheets. File-level problems (not an .xlsx, a sheet or a required column missing)
 * go to `problems`; the rows are returned as they are, cells unchecked.
 */
export async function readCatalogueWorkbook(buffer: Buffer, problems: CatalogueImportProblems): Promise<CatalogueWorkbook> {
  const empty: CatalogueWorkbook = { items: [], materials: [] };
  const unpacked = declaredUnpackedSize(buffer);
  if (unpacked === null) {
    problems.add('body.contentBase64', 'not_xlsx');
    return empty;
  }
  if (unpacked > MAX_UNPACKED_BYTES) {
    problems.add('body.contentBase64', 'too_large_unpacked');
    return empty;
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS's types ask for its own Buffer type; Node's is what it reads.
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    problems.add('body.contentBase64', 'not_xlsx');
    return empty;
  }
  const itemsSheet = findSheet(workbook, 'items');
  const materialsSheet = findSheet(workbook, 'materials');
  if (!itemsSheet) problems.add('sheet.items', 'missing_sheet');
  if (!materialsSheet) problems.add('sheet.materials', 'missing_sheet');
  const items = itemsSheet ? readSheet(itemsSheet, 'items', CATALOGUE_IMPORT_ITEM_COLUMNS, problems) : [];
  const materials = materialsSheet ? readSheet(materialsSheet, 'materials', CATALOGUE_IMPORT_MATERIAL_COLUMNS, problems) : [];
  if (itemsSheet && items.length === 0) problems.add('sheet.items', 'empty');
  if (items.length > CATALOGUE_IMPORT_MAX_ITEMS) problems.add('sheet.items', 'too_many_rows');
  return { items, materials };
}

/** What the rows refer to: the zone's departments and the zones by code, and the items being updated. */
export interface ImportReferences {
  zoneId: string;
  departments: Array<{ id: string; code: string; nameZh: string }>;
  zones: Array<{ id: string; code: string }>;
  /** Items of the zone with a code in the file, by code. */
  existing: ReadonlyMap<string, { id: string; form: ServiceItemBody['form']; materials: Material[]; inspectionChecklist: ChecklistItem[] }>;
}

/** An item row turned into the body the service writes, with where each material came from. */
export interface ImportEntry {
  row: number;
  existingId: string | null;
  body: ServiceItemBody;
  materialRows: number[];
}

/** Reads one row's cells, recording each bad cell once. */
class RowReader {
  constructor(
    private readonly sheet: CatalogueImportSheet,
    private readonly row: SheetRow,
    private readonly problems: CatalogueImportProblems,
  ) {}

  field(column: string): string {
    return cellField(this.sheet, this.row.row, column);
  }

  fail(column: string, reason: string): void {
    this.problems.add(this.field(column), reason);
  }

  text(column: string): string {
    return cellText(this.row.cells[column]);
  }

  /** Text that must be there; '' after recording `required`. */
  required(column: string): string {
    const text = this.text(column);
    if (text === '') this.fail(column, 'required');
    return text;
  }

  /** A number, or `fallback` when blank; NaN after recording `not_a_number`. */
  number(column: string, fallback?: number): number {
    const value = this.row.cells[column];
    if (typeof value === 'number') return value;
    const text = cellText(value).replace(/[,，]/g, '');
    if (text === '') {
      if (fallback !== undefined) return fallback;
      this.fail(column, 'required');
      return Number.NaN;
    }
    if (!/^-?\d+(\.\d+)?$/.test(text)) {
      this.fail(column, 'not_a_number');
      return Number.NaN;
    }
    return Number(text);
  }

  yesNo(column: string, fallback: boolean): boolean {
    const value = this.row.cells[column];
    if (typeof value === 'boolean') return value;
    const text = cellText(value).toLowerCase();
    if (text === '') return fallback;
    if (YES.has(text)) return true;
    if (NO.has(text)) return false;
    this.fail(column, 'not_yes_no');
    return fallback;
  }

  /** `中文|English` lines (a full-width bar works too). */
  pairs(column: string): Array<{ zh: string; en: string }> {
    const lines = this.text(column)
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    const pairs: Array<{ zh: string; en: string }> = [];
    for (const line of lines) {
      const [zh = '', ...rest] = line.split(/[|｜]/);
      const en = rest.join('|').trim();
      if (zh.trim() === '' || en === '') {
        this.fail(column, 'line_format');
        continue;
      }
      pairs.push({ zh: zh.trim(), en });
    }
    return pairs;
  }

  list(column: string): string[] {
    return this.text(column)
      .split(/[,，、;；/\s]+/)
      .map((part) => part.trim())
      .filter((part) => part !== '');
  }
}

function kindOf(text: string): ServiceItemKind | undefined {
  const lower = text.toLowerCase();
  return SERVICE_ITEM_KINDS.find((kind) => kind === lower || KIND_LABELS_ZH[kind] === text);
}

function materialFormOf(text: string): Material['form'] | undefined {
  if (text === '') return 'copy';
  if (text === '电子' || text === '电子版') return 'electronic';
  return (Object.keys(FORM_LABELS_ZH) as Array<Material['form']>).find(
    (form) => form === text.toLowerCase() || FORM_LABELS_ZH[form] === text,
  );
}

/** A key not yet used: `prefix_1`, `prefix_2`, … */
function freshKey(prefix: string, used: Set<string>): string {
  for (let index = 1; ; index += 1) {
    const key = `${prefix}_${index}`;
    if (!used.has(key)) return key;
  }
}

function readMaterial(reader: RowReader, existing: Material[], used: Set<string>): Material {
  const nameZh = reader.required('nameZh');
  let key = reader.text('key');
  if (key === '') {
    const previous = existing.find((material) => material.nameZh === nameZh && !used.has(material.key));
    key = previous ? previous.key : freshKey('material', new Set([...used, ...existing.map((material) => material.key)]));
  }
  used.add(key);
  const formats: MaterialFormat[] = [];
  for (const part of reader.list('formats')) {
    const format = part
      .toLowerCase()
      .replace(/^\./, '')
      .replace(/^jpeg$/, 'jpg');
    if (!(MATERIAL_FORMATS as readonly string[]).includes(format)) reader.fail('formats', 'unknown_value');
    else if (!formats.includes(format as MaterialFormat)) formats.push(format as MaterialFormat);
  }
  if (reader.text('formats') === '') reader.fail('formats', 'required');
  const form = materialFormOf(reader.text('form'));
  if (!form) reader.fail('form', 'unknown_value');
  const material: Material = {
    key,
    nameZh,
    nameEn: reader.required('nameEn'),
    isRequired: reader.yesNo('isRequired', true),
    form: form ?? 'copy',
    formats: formats.length > 0 ? formats : ['pdf'],
    maxSizeMb: reader.number('maxSizeMb', 20),
  };
  const noteZh = reader.text('noteZh');
  const noteEn = reader.text('noteEn');
  const templateUrl = reader.text('templateUrl');
  if (noteZh) material.noteZh = noteZh;
  if (noteEn) material.noteEn = noteEn;
  if (templateUrl) material.templateUrl = templateUrl;
  return material;
}

function readChecklist(reader: RowReader, existing: ChecklistItem[]): ChecklistItem[] {
  const used = new Set<string>();
  return reader.pairs('inspectionChecklist').map(({ zh, en }) => {
    const previous = existing.find((item) => item.textZh === zh && !used.has(item.key));
    const key = previous ? previous.key : freshKey('point', new Set([...used, ...existing.map((item) => item.key)]));
    used.add(key);
    return { key, textZh: zh, textEn: en };
  });
}

function readPartners(reader: RowReader, references: ImportReferences): string[] {
  const ids: string[] = [];
  for (const code of reader.list('partnerZones')) {
    const zone = references.zones.find((candidate) => candidate.code === code.toLowerCase());
    if (!zone) reader.fail('partnerZones', 'not_found');
    else if (zone.id === references.zoneId) reader.fail('partnerZones', 'own_zone');
    else if (!ids.includes(zone.id)) ids.push(zone.id);
  }
  return ids;
}

interface DepartmentChoice {
  code: string;
  nameZh: string;
}

/** `名称（编码）` as the template writes a department whose name another department shares (ASCII brackets too). */
const NAME_WITH_CODE = /^(.+?)\s*[（(]\s*([^（）()]+?)\s*[）)]$/;

/**
 * What the template's department drop-down offers for each department: its Chinese name, which is
 * what an admin knows it by, or `名称（编码）` where two departments share a name.
 */
export function departmentChoiceLabels<Department extends DepartmentChoice>(departments: readonly Department[]): string[] {
  const counts = new Map<string, number>();
  for (const department of departments) counts.set(department.nameZh, (counts.get(department.nameZh) ?? 0) + 1);
  return departments.map((department) =>
    (counts.get(department.nameZh) ?? 0) > 1 ? `${department.nameZh}（${department.code}）` : department.nameZh,
  );
}

/**
 * The department a cell names: by its code (what files made before the drop-down held, and what
 * the instructions sheet lists), by its Chinese name when only one department has it, or as the
 * drop-down writes it, `名称（编码）`. A name two departments share is refused as ambiguous.
 */
export function findDepartment<Department extends DepartmentChoice>(
  departments: readonly Department[],
  text: string,
): Department | 'ambiguous' | null {
  const byCode = departments.find((candidate) => candidate.code.toLowerCase() === text.toLowerCase());
  if (byCode) return byCode;
  // A name may itself end in brackets (建设和交通局（重点项目办）): the whole text is tried as a name first.
  const byName = departments.filter((candidate) => candidate.nameZh === text);
  if (byName.length > 1) return 'ambiguous';
  if (byName[0]) return byName[0];
  const match = NAME_WITH_CODE.exec(text);
  if (!match) return null;
  const [, name = '', code = ''] = match;
  return departments.find((candidate) => candidate.code.toLowerCase() === code.toLowerCase() && candidate.nameZh === name) ?? null;
}

function readDepartment(reader: RowReader, references: ImportReferences): string {
  const text = reader.required('department');
  if (text === '') return '';
  const department = findDepartment(references.departments, text);
  if (department === 'ambiguous') reader.fail('department', 'ambiguous');
  else if (!department) reader.fail('department', 'not_found');
  return department && department !== 'ambiguous' ? department.id : '';
}

/** The item codes of the items sheet (for finding the items an import updates). */
export function itemCodesOf(workbook: CatalogueWorkbook): string[] {
  return [...new Set(workbook.items.map((row) => cellText(row.cells.code)).filter((code) => code !== ''))];
}

/** Where a problem of a body (`materials.2.formats`) is in the workbook. */
function cellOfBodyPath(entry: ImportEntry, path: string[]): string {
  const [field = '', index, sub] = path;
  if (field === 'materials' && index !== undefined && /^\d+$/.test(index)) {
    const materialRow = entry.materialRows[Number(index)];
    if (materialRow !== undefined) return cellField('materials', materialRow, sub ?? 'nameZh');
  }
  const columns: Record<string, string> = { departmentId: 'department', partnerZoneIds: 'partnerZones', materials: 'code', form: 'code' };
  return cellField('items', entry.row, columns[field] ?? field);
}

/** The reason a schema problem is reported with, by TypeBox's error kind; anything else is `invalid`. */
const REASONS: Partial<Record<ValueErrorType, string>> = {
  [ValueErrorType.StringMaxLength]: 'max_length',
  [ValueErrorType.StringPattern]: 'format',
  [ValueErrorType.StringFormat]: 'format',
  [ValueErrorType.NumberMinimum]: 'minimum',
  [ValueErrorType.IntegerMinimum]: 'minimum',
  [ValueErrorType.NumberMaximum]: 'maximum',
  [ValueErrorType.IntegerMaximum]: 'maximum',
  [ValueErrorType.Integer]: 'integer',
  [ValueErrorType.ArrayMaxItems]: 'too_many',
  [ValueErrorType.ArrayMinItems]: 'required',
  [ValueErrorType.ArrayUniqueItems]: 'duplicate',
};

function reasonOf(error: ValueError): string {
  if (error.type === ValueErrorType.StringMinLength) return error.value === '' ? 'required' : 'min_length';
  return REASONS[error.type] ?? 'invalid';
}

/**
 * Turns the rows into item bodies. Every bad cell lands in `problems`; the entries are only to be
 * written when there are none. `checkBody` adds the catalogue's own rules (the same as for the form).
 */
export function toImportEntries(
  workbook: CatalogueWorkbook,
  references: ImportReferences,
  problems: CatalogueImportProblems,
  checkBody: (body: ServiceItemBody) => FieldProblem[],
): ImportEntry[] {
  const entries: ImportEntry[] = [];
  const byCode = new Map<string, ImportEntry>();
  for (const row of workbook.items) {
    const reader = new RowReader('items', row, problems);
    const code = reader.required('code');
    const existing = code ? references.existing.get(code) : undefined;
    const kind = kindOf(reader.text('kind'));
    if (reader.text('kind') === '') reader.fail('kind', 'required');
    else if (!kind) reader.fail('kind', 'unknown_value');
    const feeNote = reader.text('feeNote');
    const body: ServiceItemBody = {
      code,
      nameZh: reader.required('nameZh'),
      nameEn: reader.required('nameEn'),
      departmentId: readDepartment(reader, references),
      kind: kind ?? 'other',
      legalBasis: reader.required('legalBasis'),
      statutoryLimitDays: reader.number('statutoryLimitDays'),
      committedLimitDays: reader.number('committedLimitDays'),
      feeYuan: reader.number('feeYuan', 0),
      materials: [],
      // The application form is edited on the item's page; the workbook does not carry it.
      form: existing?.form ?? [],
      needsInspection: reader.yesNo('needsInspection', false),
      inspectionChecklist: readChecklist(reader, existing?.inspectionChecklist ?? []),
      shotList: reader.pairs('shotList').map(({ zh, en }): Shot => ({ textZh: zh, textEn: en })),
      partnerZoneIds: readPartners(reader, references),
      isPublished: reader.yesNo('isPublished', false),
      ...(feeNote ? { feeNote } : {}),
    };
    const entry: ImportEntry = { row: row.row, existingId: existing?.id ?? null, body, materialRows: [] };
    if (code && byCode.has(code)) reader.fail('code', 'duplicate');
    else if (code) byCode.set(code, entry);
    entries.push(entry);
  }

  const usedKeys = new Map<ImportEntry, Set<string>>();
  for (const row of workbook.materials) {
    const reader = new RowReader('materials', row, problems);
    const code = reader.required('itemCode');
    const entry = byCode.get(code);
    if (code && !entry) reader.fail('itemCode', 'unknown_item');
    let used = entry ? usedKeys.get(entry) : undefined;
    if (entry && !used) {
      used = new Set();
      usedKeys.set(entry, used);
    }
    // A row of an unknown item is still read, so that all its bad cells are listed at once.
    const material = readMaterial(reader, entry ? (references.existing.get(code)?.materials ?? []) : [], used ?? new Set());
    if (!entry) continue;
    entry.body.materials.push(material);
    entry.materialRows.push(row.row);
  }

  for (const entry of entries) {
    for (const error of Value.Errors(serviceItemBodySchema, entry.body)) {
      problems.add(
        cellOfBodyPath(
          entry,
          error.path.split('/').filter((part) => part !== ''),
        ),
        reasonOf(error),
      );
    }
    for (const problem of checkBody(entry.body)) {
      problems.add(cellOfBodyPath(entry, problem.field.replace(/^body\./, '').split('.')), problem.reason);
    }
  }
  return entries;
}

function styleHeader(worksheet: ExcelJS.Worksheet, columns: readonly CatalogueImportColumn[]): void {
  worksheet.columns = columns.map((column) => ({
    header: column.isRequired ? `${column.headerZh}*` : column.headerZh,
    key: column.key,
    width: Math.max(12, Math.min(40, column.headerZh.length * 2 + 6)),
  }));
  const header = worksheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 30;
  header.eachCell((cell, columnNumber) => {
    const column = columns[columnNumber - 1];
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: column?.isRequired ? 'FFFDE7C8' : 'FFE8EEF8' } };
    if (column) cell.note = column.noteZh;
  });
  worksheet.views = [{ state: 'frozen', ySplit: 1 }];
}

function setColumnValidation(
  worksheet: ExcelJS.Worksheet,
  columns: readonly CatalogueImportColumn[],
  key: string,
  validation: ExcelJS.DataValidation,
): void {
  const columnNumber = columns.findIndex((column) => column.key === key) + 1;
  for (let row = 2; row <= TEMPLATE_ROWS; row += 1) worksheet.getRow(row).getCell(columnNumber).dataValidation = validation;
}

function addListValidation(worksheet: ExcelJS.Worksheet, columns: readonly CatalogueImportColumn[], key: string, values: string[]): void {
  // Excel refuses (and "repairs") a list written into the rule longer than 255 characters.
  if (values.join(',').length > 250) return;
  setColumnValidation(worksheet, columns, key, {
    type: 'list',
    allowBlank: true,
    formulae: [`"${values.join(',')}"`],
    showErrorMessage: true,
    errorTitle: '取值无效',
    error: `请选择：${values.join('、')}`,
  });
}

/** The guide's department list: its first column is the drop-down's source, the second the code. */
export const DEPARTMENT_LIST_HEADER = ['部门名称（“实施部门”下拉选项）', '部门编码'] as const;

export interface TemplateContext {
  zoneNameZh: string;
  departments: Array<{ code: string; nameZh: string }>;
  partnerZones: Array<{ code: string; nameZh: string }>;
}

/** The import template: the two sheets with headers and drop-downs, and a sheet explaining every column. */
export async function buildImportTemplate(context: TemplateContext): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '园区通';
  const items = workbook.addWorksheet(CATALOGUE_IMPORT_SHEETS.items.nameZh);
  styleHeader(items, CATALOGUE_IMPORT_ITEM_COLUMNS);
  addListValidation(items, CATALOGUE_IMPORT_ITEM_COLUMNS, 'kind', Object.values(KIND_LABELS_ZH));
  addListValidation(items, CATALOGUE_IMPORT_ITEM_COLUMNS, 'needsInspection', ['是', '否']);
  addListValidation(items, CATALOGUE_IMPORT_ITEM_COLUMNS, 'isPublished', ['是', '否']);
  const materials = workbook.addWorksheet(CATALOGUE_IMPORT_SHEETS.materials.nameZh);
  styleHeader(materials, CATALOGUE_IMPORT_MATERIAL_COLUMNS);
  addListValidation(materials, CATALOGUE_IMPORT_MATERIAL_COLUMNS, 'isRequired', ['是', '否']);
  addListValidation(materials, CATALOGUE_IMPORT_MATERIAL_COLUMNS, 'form', Object.values(FORM_LABELS_ZH));

  const guide = workbook.addWorksheet('说明');
  guide.columns = [{ width: 30 }, { width: 22 }, { width: 10 }, { width: 70 }];
  guide.addRow([`${context.zoneNameZh} 事项目录导入模板`]).font = { bold: true, size: 14 };
  guide.addRow(['在“事项”表每行填写一个事项，在“材料”表每行填写一份申请材料（用事项编码对应到事项，按行序排列）。']);
  guide.addRow([
    '编码已存在的事项按表中内容整体更新（申请表单保留不变），新编码新增；表中没有的事项不受影响。任何一格有误则整个文件不导入，并列出每个有误的单元格。',
  ]);
  guide.addRow([]);
  guide.addRow(['工作表', '列名', '必填', '说明']).font = { bold: true };
  for (const [sheet, columns] of [
    [CATALOGUE_IMPORT_SHEETS.items.nameZh, CATALOGUE_IMPORT_ITEM_COLUMNS],
    [CATALOGUE_IMPORT_SHEETS.materials.nameZh, CATALOGUE_IMPORT_MATERIAL_COLUMNS],
  ] as const) {
    for (const column of columns) guide.addRow([sheet, column.headerZh, column.isRequired ? '是' : '', column.noteZh]);
  }
  guide.addRow([]);
  guide.addRow([...DEPARTMENT_LIST_HEADER]).font = { bold: true };
  const departmentLabels = departmentChoiceLabels(context.departments);
  const firstDepartmentRow = guide.rowCount + 1;
  context.departments.forEach((department, index) => guide.addRow([departmentLabels[index], department.code]));
  if (context.departments.length > 0) {
    // The drop-down reads the names from this list, not from the rule itself, whose 255 characters
    // a zone's department names soon outgrow. A code typed in is still taken (with a warning).
    setColumnValidation(items, CATALOGUE_IMPORT_ITEM_COLUMNS, 'department', {
      type: 'list',
      allowBlank: true,
      formulae: [`'${guide.name}'!$A$${firstDepartmentRow}:$A$${firstDepartmentRow + context.departments.length - 1}`],
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: '不在部门列表中',
      error: '请从下拉列表选择部门，或填写“说明”表所列的部门编码。',
    });
  }
  guide.addRow([]);
  guide.addRow(['园区编码', '可作为跨区受理园区']).font = { bold: true };
  for (const zone of context.partnerZones) guide.addRow([zone.code, zone.nameZh]);
  guide.addRow([]);
  guide.addRow(['示例（踏勘要点一格内多行）', '', '', '施工现场已围挡|The site is hoarded\n工程概况牌已设置|Project boards are up']);
  guide.getColumn(4).alignment = { wrapText: true, vertical: 'top' };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
