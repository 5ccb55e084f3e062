import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CATALOGUE_IMPORT_ITEM_COLUMNS,
  CATALOGUE_IMPORT_MATERIAL_COLUMNS,
  type ImportServiceItemsReply,
  type ServiceItem,
  type ServiceItemSummary,
} from '@yuanqu/shared';
import { createDepartment, createServiceItem, createZone } from '../../test/factories.js';
import { auditEventsOf, expectError, requestSignedOut } from '../../test/route-helpers.js';
import { createTestApp, createZoneWithUsers, type Client, type TestApp } from '../../test/test-app.js';
import { declaredUnpackedSize, departmentChoiceLabels, findDepartment } from './catalogue.import.js';

type Row = Record<string, string | number | boolean>;

const ITEM_HEADERS = CATALOGUE_IMPORT_ITEM_COLUMNS.map((column) => column.headerZh);
const MATERIAL_HEADERS = CATALOGUE_IMPORT_MATERIAL_COLUMNS.map((column) => column.headerZh);

/** A workbook as an admin would fill the template: Chinese headers, one row per item or material. */
async function workbookOf(items: Row[], materials: Row[], options: { itemSheet?: string } = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const itemSheet = workbook.addWorksheet(options.itemSheet ?? '事项');
  itemSheet.addRow(ITEM_HEADERS.map((header, index) => (CATALOGUE_IMPORT_ITEM_COLUMNS[index]!.isRequired ? `${header}*` : header)));
  for (const item of items) itemSheet.addRow(CATALOGUE_IMPORT_ITEM_COLUMNS.map((column) => item[column.key] ?? null));
  const materialSheet = workbook.addWorksheet('材料');
  materialSheet.addRow(MATERIAL_HEADERS);
  for (const material of materials) materialSheet.addRow(CATALOGUE_IMPORT_MATERIAL_COLUMNS.map((column) => material[column.key] ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function itemRow(code: string, departmentCode: string, overrides: Row = {}): Row {
  return {
    code,
    nameZh: `导入事项${code}`,
    nameEn: `Imported item ${code}`,
    department: departmentCode,
    kind: '行政许可',
    legalBasis: '《测试条例》第二条',
    statutoryLimitDays: 20,
    committedLimitDays: 5,
    feeYuan: 0,
    needsInspection: '否',
    isPublished: '是',
    ...overrides,
  };
}

function materialRow(itemCode: string, nameZh: string, overrides: Row = {}): Row {
  return { itemCode, nameZh, nameEn: `${nameZh} (en)`, isRequired: '是', form: '复印件', formats: 'pdf, jpg', maxSizeMb: 10, ...overrides };
}

function importRequest(file: Buffer, fileName = 'catalogue.xlsx') {
  return { method: 'POST' as const, url: '/api/service-items/import', payload: { fileName, contentBase64: file.toString('base64') } };
}

async function listItems(client: Client): Promise<ServiceItemSummary[]> {
  const response = await client.request({
    method: 'GET',
    url: '/api/service-items',
    query: { includeUnpublished: 'true', pageSize: '100' },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: ServiceItemSummary[] }>().items;
}

describe('catalogue Excel import routes', () => {
  let testApp: TestApp;
  let admin: Client;
  let clerk: Client;
  let auditor: Client;
  let departmentCode: string;
  let departmentName: string;
  let zoneId: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    const zone = await createZoneWithUsers(testApp, ['system_admin', 'clerk', 'audit_admin']);
    admin = zone.clients.system_admin;
    clerk = zone.clients.clerk;
    auditor = zone.clients.audit_admin;
    departmentCode = zone.department.code;
    departmentName = zone.department.nameZh;
    zoneId = zone.zone.id;
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('needs a session and the system admin role', async () => {
    const file = await workbookOf([itemRow('IMP-401', departmentCode)], []);
    expectError(await requestSignedOut(testApp, importRequest(file)), 'AUTH_REQUIRED');
    expectError(await requestSignedOut(testApp, { method: 'GET', url: '/api/service-items/import-template' }), 'AUTH_REQUIRED');
    expectError(await clerk.request(importRequest(file)), 'FORBIDDEN');
    expectError(await clerk.request({ method: 'GET', url: '/api/service-items/import-template' }), 'FORBIDDEN');
    expect((await listItems(admin)).map((item) => item.code)).not.toContain('IMP-401');
  });

  it('serves a template that names the zone’s departments and imports once filled in', async () => {
    const response = await admin.request({ method: 'GET', url: '/api/service-items/import-template' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain('attachment');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['事项', '材料', '说明']);
    expect(workbook.getWorksheet('事项')!.getRow(1).getCell(1).value).toBe('事项编码*');
    const guide: string[][] = [];
    workbook.getWorksheet('说明')!.eachRow((row) => guide.push([String(row.getCell(1).value ?? ''), String(row.getCell(2).value ?? '')]));
    expect(guide).toContainEqual([departmentName, departmentCode]);

    // Fill the downloaded template itself: its headers are what the import reads.
    workbook
      .getWorksheet('事项')!
      .addRow(CATALOGUE_IMPORT_ITEM_COLUMNS.map((column) => itemRow('IMP-TPL', departmentCode)[column.key] ?? null));
    workbook
      .getWorksheet('材料')!
      .addRow(CATALOGUE_IMPORT_MATERIAL_COLUMNS.map((column) => materialRow('IMP-TPL', '营业执照')[column.key] ?? null));
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    const imported = await admin.request(importRequest(filled));
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json<ImportServiceItemsReply>()).toMatchObject({
      created: 1,
      updated: 0,
      items: [{ code: 'IMP-TPL', outcome: 'created' }],
    });
  });

  it('offers the departments by name in the template’s drop-down, and imports a name, a name with its code, or a code', async () => {
    const db = testApp.database.db;
    const stamp = Date.now().toString(36);
    const planning = await createDepartment(db, zoneId, { code: `plan-${stamp}`, nameZh: `规划局${stamp}` });
    const twinA = await createDepartment(db, zoneId, { code: `twin-a-${stamp}`, nameZh: `综合办${stamp}` });
    const twinB = await createDepartment(db, zoneId, { code: `twin-b-${stamp}`, nameZh: `综合办${stamp}` });

    const response = await admin.request({ method: 'GET', url: '/api/service-items/import-template' });
    expect(response.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    const departmentColumn = CATALOGUE_IMPORT_ITEM_COLUMNS.findIndex((column) => column.key === 'department') + 1;
    const items = workbook.getWorksheet('事项')!;
    for (const row of [2, 300]) {
      expect(items.getRow(row).getCell(departmentColumn).dataValidation).toMatchObject({ type: 'list', errorStyle: 'warning' });
    }
    // The list is a range of the instructions sheet: names there, the code beside each.
    const formula = items.getRow(2).getCell(departmentColumn).dataValidation.formulae?.[0];
    const range = /^'(.+)'!\$A\$(\d+):\$A\$(\d+)$/.exec(String(formula));
    expect(range, String(formula)).not.toBeNull();
    const [, sheetName = '', first = '0', last = '0'] = range!;
    const listed = new Map<string, string>();
    for (let row = Number(first); row <= Number(last); row += 1) {
      const cells = workbook.getWorksheet(sheetName)!.getRow(row);
      listed.set(String(cells.getCell(1).value), String(cells.getCell(2).value));
    }
    expect(listed.get(planning.nameZh)).toBe(planning.code);
    expect(listed.get(`${twinA.nameZh}（${twinA.code}）`)).toBe(twinA.code);
    expect(listed.get(`${twinB.nameZh}（${twinB.code}）`)).toBe(twinB.code);
    expect([...listed.keys()]).not.toContain(planning.code);
    expect([...listed.keys()]).not.toContain(twinA.nameZh);

    // Filled as an admin would: chosen from the list, typed as a code, or with ASCII brackets.
    const choices: Array<[string, string, string]> = [
      ['IMP-DEPT-1', planning.nameZh, planning.id],
      ['IMP-DEPT-2', `${twinB.nameZh}（${twinB.code}）`, twinB.id],
      ['IMP-DEPT-3', twinA.code.toUpperCase(), twinA.id],
      ['IMP-DEPT-4', `${twinA.nameZh}(${twinA.code})`, twinA.id],
    ];
    for (const [code, department] of choices) {
      items.addRow(CATALOGUE_IMPORT_ITEM_COLUMNS.map((column) => itemRow(code, department)[column.key] ?? null));
    }
    const imported = await admin.request(importRequest(Buffer.from(await workbook.xlsx.writeBuffer())));
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json<ImportServiceItemsReply>()).toMatchObject({ created: 4, updated: 0 });
    const listedItems = await listItems(admin);
    for (const [code, , departmentId] of choices) {
      expect(listedItems.find((item) => item.code === code)?.department.id, code).toBe(departmentId);
    }
  });

  it('refuses a name two departments share, a name written with another department’s code, and another zone’s department', async () => {
    const db = testApp.database.db;
    const stamp = Date.now().toString(36);
    const twin = await createDepartment(db, zoneId, { code: `same-a-${stamp}`, nameZh: `同名办${stamp}` });
    await createDepartment(db, zoneId, { code: `same-b-${stamp}`, nameZh: `同名办${stamp}` });
    const planning = await createDepartment(db, zoneId, { code: `plan2-${stamp}`, nameZh: `规划二局${stamp}` });
    // Another zone's department, by its name and by name and code: neither offered nor taken.
    const otherZone = await createZone(db);
    const elsewhere = await createDepartment(db, otherZone.id, { code: `far-${stamp}`, nameZh: `外区部门${stamp}` });
    const template = await admin.request({ method: 'GET', url: '/api/service-items/import-template' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(template.rawPayload as unknown as ExcelJS.Buffer);
    const guide: string[] = [];
    workbook.getWorksheet('说明')!.eachRow((row) => guide.push(String(row.getCell(1).value ?? '')));
    expect(guide).toContain(planning.nameZh);
    expect(guide).not.toContain(elsewhere.nameZh);

    const response = await admin.request(
      importRequest(
        await workbookOf(
          [
            itemRow('IMP-AMB-1', twin.nameZh),
            itemRow('IMP-AMB-2', `${planning.nameZh}（${twin.code}）`),
            itemRow('IMP-AMB-3', `${planning.nameZh}（）`),
            itemRow('IMP-AMB-4', elsewhere.nameZh),
            itemRow('IMP-AMB-5', `${elsewhere.nameZh}（${elsewhere.code}）`),
          ],
          [],
        ),
      ),
    );
    expectError(response, 'CATALOGUE_IMPORT_INVALID', 'sheet.items.row.2.department', 'ambiguous');
    expectError(response, 'CATALOGUE_IMPORT_INVALID', 'sheet.items.row.3.department', 'not_found');
    expectError(response, 'CATALOGUE_IMPORT_INVALID', 'sheet.items.row.4.department', 'not_found');
    expectError(response, 'CATALOGUE_IMPORT_INVALID', 'sheet.items.row.5.department', 'not_found');
    expectError(response, 'CATALOGUE_IMPORT_INVALID', 'sheet.items.row.6.department', 'not_found');
    expect((await listItems(admin)).map((item) => item.code)).not.toContain('IMP-AMB-1');
  });

  it('refuses a file that is not an .xlsx workbook, or one without the two sheets', async () => {
    const notBase64 = await admin.request({
      method: 'POST',
      url: '/api/service-items/import',
      payload: { fileName: 'x.xlsx', contentBase64: '***' },
    });
    expectError(notBase64, 'CATALOGUE_IMPORT_INVALID', 'body.contentBase64', 'not_base64');
    const text = await admin.request(importRequest(Buffer.from('事项编码,事项名称\nA-1,测试\n'), 'catalogue.csv'));
    expectError(text, 'CATALOGUE_IMPORT_INVALID', 'body.contentBase64', 'not_xlsx');
    const wrongSheet = await admin.request(
      importRequest(await workbookOf([itemRow('IMP-SHEET', departmentCode)], [], { itemSheet: 'Sheet1' })),
    );
    expectError(wrongSheet, 'CATALOGUE_IMPORT_INVALID', 'sheet.items', 'missing_sheet');
    const missingBody = await admin.request({ method: 'POST', url: '/api/service-items/import', payload: { fileName: 'x.xlsx' } });
    expectError(missingBody, 'VALIDATION_FAILED', 'body.contentBase64', 'required');
  });

  it('reads the zip directory before unpacking anything', () => {
    expect(declaredUnpackedSize(Buffer.from('not a zip at all, just some text'))).toBeNull();
  });

  it('lists every bad cell with its sheet, row and column, and writes nothing', async () => {
    const before = await listItems(admin);
    const file = await workbookOf(
      [
        itemRow('IMP-OK-1', departmentCode),
        itemRow('IMP-BAD-2', 'no-such-department', { committedLimitDays: 30, statutoryLimitDays: 20 }),
        itemRow('IMP-BAD-3', departmentCode, { kind: '行政审批', needsInspection: '也许', statutoryLimitDays: '二十' }),
        itemRow('IMP-BAD-4', departmentCode, { needsInspection: '是', shotList: '从街道开始' }),
        itemRow('IMP-OK-1', departmentCode),
      ],
      [
        materialRow('IMP-OK-1', '营业执照'),
        materialRow('IMP-OK-1', '平面图', { formats: 'pdf, bmp', maxSizeMb: 900 }),
        materialRow('IMP-NOPE', '授权书'),
      ],
    );
    const response = await admin.request(importRequest(file));
    const error = expectError(response, 'CATALOGUE_IMPORT_INVALID');
    expect(error.fields).toEqual(
      expect.arrayContaining([
        { field: 'sheet.items.row.3.department', reason: 'not_found' },
        { field: 'sheet.items.row.3.committedLimitDays', reason: 'exceeds_statutory_limit' },
        { field: 'sheet.items.row.4.kind', reason: 'unknown_value' },
        { field: 'sheet.items.row.4.needsInspection', reason: 'not_yes_no' },
        { field: 'sheet.items.row.4.statutoryLimitDays', reason: 'not_a_number' },
        { field: 'sheet.items.row.5.inspectionChecklist', reason: 'required' },
        { field: 'sheet.items.row.5.shotList', reason: 'line_format' },
        { field: 'sheet.items.row.6.code', reason: 'duplicate' },
        { field: 'sheet.materials.row.3.formats', reason: 'unknown_value' },
        { field: 'sheet.materials.row.3.maxSizeMb', reason: 'maximum' },
        { field: 'sheet.materials.row.4.itemCode', reason: 'unknown_item' },
      ]),
    );
    // The good rows are not listed: only the cells to fix.
    expect(error.fields!.filter((field) => field.field.startsWith('sheet.items.row.2.'))).toEqual([]);
    expect(await listItems(admin)).toEqual(before);
  });

  it('names a missing required column on the header row', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('事项').addRow(['事项编码', '事项名称']);
    workbook.addWorksheet('材料').addRow(MATERIAL_HEADERS);
    workbook.getWorksheet('事项')!.addRow(['IMP-COL', '缺列事项']);
    const response = await admin.request(importRequest(Buffer.from(await workbook.xlsx.writeBuffer())));
    expectError(response, 'CATALOGUE_IMPORT_INVALID', 'sheet.items.row.1.legalBasis', 'missing_column');
  });

  it('creates new items and updates existing ones by code, keeping their form, in one audited write', async () => {
    const department = await createDepartment(testApp.database.db, zoneId, { code: `imp-${Date.now().toString(36)}` });
    const existing = await createServiceItem(testApp.database.db, zoneId, department.id, {
      code: 'IMP-EXIST',
      committedLimitDays: 9,
      isPublished: false,
    });
    const partner = await createZone(testApp.database.db);
    const file = await workbookOf(
      [
        itemRow('IMP-EXIST', department.code, {
          committedLimitDays: 3,
          needsInspection: '是',
          inspectionChecklist: '施工现场已围挡|The site is hoarded\n公示牌已设置｜Boards are up',
          shotList: '从街道开始|Start at the street',
          partnerZones: partner.code,
        }),
        itemRow('IMP-NEW-1', department.nameZh, { kind: 'public_service', feeYuan: 12.5, feeNote: '工本费', isPublished: '否' }),
      ],
      [
        materialRow('IMP-EXIST', '营业执照'),
        materialRow('IMP-EXIST', '现场照片', { formats: 'JPEG/png', form: '电子件', isRequired: '否' }),
        materialRow('IMP-NEW-1', '申请书', { key: 'application_letter', noteZh: '加盖公章' }),
      ],
    );
    const response = await admin.request(importRequest(file, '目录.xlsx'));
    expect(response.statusCode, response.body).toBe(200);
    const reply = response.json<ImportServiceItemsReply>();
    expect(reply).toMatchObject({ created: 1, updated: 1 });
    expect(reply.items.find((item) => item.code === 'IMP-EXIST')).toMatchObject({ id: existing.id, outcome: 'updated' });

    const updated = (await admin.request({ method: 'GET', url: `/api/service-items/${existing.id}` })).json<ServiceItem>();
    expect(updated).toMatchObject({
      committedLimitDays: 3,
      needsInspection: true,
      inspectionChecklist: [
        { key: 'point_1', textZh: '施工现场已围挡', textEn: 'The site is hoarded' },
        { key: 'point_2', textZh: '公示牌已设置', textEn: 'Boards are up' },
      ],
      shotList: [{ textZh: '从街道开始', textEn: 'Start at the street' }],
      partnerZoneIds: [partner.id],
      isPublished: true,
      form: existing.form,
    });
    // 营业执照 keeps its key `licence` from before; the new material gets a fresh one.
    expect(
      updated.materials.map((material) => [material.key, material.nameZh, material.formats, material.form, material.isRequired]),
    ).toEqual([
      ['licence', '营业执照', ['pdf', 'jpg'], 'copy', true],
      ['material_1', '现场照片', ['jpg', 'png'], 'electronic', false],
    ]);
    const created = (await listItems(admin)).find((item) => item.code === 'IMP-NEW-1');
    expect(created).toMatchObject({
      kind: 'public_service',
      feeYuan: 12.5,
      isPublished: false,
      materialCount: 1,
      department: { id: department.id },
    });

    const events = await auditEventsOf(auditor);
    expect(events.find((event) => event.action === 'service_item.import')).toMatchObject({
      details: expect.objectContaining({ fileName: '目录.xlsx', created: 1, updated: 1 }),
    });
    expect(events.find((event) => event.action === 'service_item.update' && event.targetId === existing.id)).toMatchObject({
      details: expect.objectContaining({ via: 'import' }),
    });
  });

  it('keeps each zone’s catalogue to itself: same codes in another zone are other items', async () => {
    const other = await createZoneWithUsers(testApp, ['system_admin']);
    const otherAdmin = other.clients.system_admin;
    // This zone's department code means nothing in the other zone.
    const refused = await otherAdmin.request(importRequest(await workbookOf([itemRow('IMP-NEW-1', departmentCode)], [])));
    if (other.department.code !== departmentCode)
      expectError(refused, 'CATALOGUE_IMPORT_INVALID', 'sheet.items.row.2.department', 'not_found');
    // A partner code of the importing zone itself is refused.
    const ownZone = await otherAdmin.request(
      importRequest(await workbookOf([itemRow('IMP-NEW-1', other.department.code, { partnerZones: other.zone.code })], [])),
    );
    expectError(ownZone, 'CATALOGUE_IMPORT_INVALID', 'sheet.items.row.2.partnerZones', 'own_zone');

    const imported = await otherAdmin.request(
      importRequest(await workbookOf([itemRow('IMP-NEW-1', other.department.code, { nameZh: '另一园区的事项' })], [])),
    );
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json<ImportServiceItemsReply>()).toMatchObject({ created: 1, updated: 0 });
    expect((await listItems(otherAdmin)).map((item) => item.code)).toEqual(['IMP-NEW-1']);
    expect((await listItems(admin)).find((item) => item.code === 'IMP-NEW-1')?.nameZh).toBe('导入事项IMP-NEW-1');
  });
});

describe('departments in the import', () => {
  const departments = [
    { id: 'planning', code: 'planning', nameZh: '规划局' },
    { id: 'construction', code: 'construction', nameZh: '建设和交通局（重点项目办）' },
    { id: 'office-a', code: 'office-a', nameZh: '综合办' },
    { id: 'office-b', code: 'office-b', nameZh: '综合办' },
  ];

  it('lists each department by name, with its code only where the name is shared', () => {
    expect(departmentChoiceLabels(departments)).toEqual([
      '规划局',
      '建设和交通局（重点项目办）',
      '综合办（office-a）',
      '综合办（office-b）',
    ]);
  });

  it('finds a department by code, by name, or as the drop-down writes it', () => {
    expect(findDepartment(departments, 'PLANNING')).toMatchObject({ id: 'planning' });
    expect(findDepartment(departments, '规划局')).toMatchObject({ id: 'planning' });
    expect(findDepartment(departments, '规划局（planning）')).toMatchObject({ id: 'planning' });
    expect(findDepartment(departments, '规划局 (planning)')).toMatchObject({ id: 'planning' });
    // A name that ends in brackets of its own is a name, and can carry its code after them.
    expect(findDepartment(departments, '建设和交通局（重点项目办）')).toMatchObject({ id: 'construction' });
    expect(findDepartment(departments, '建设和交通局（重点项目办）（construction）')).toMatchObject({ id: 'construction' });
    expect(findDepartment(departments, '综合办（office-b）')).toMatchObject({ id: 'office-b' });
  });

  it('answers ambiguous for a shared name and nothing for a name and code that do not belong together', () => {
    expect(findDepartment(departments, '综合办')).toBe('ambiguous');
    expect(findDepartment(departments, '规划局（office-a）')).toBeNull();
    expect(findDepartment(departments, '财政局')).toBeNull();
    expect(findDepartment(departments, '（planning）')).toBeNull();
  });
});
