import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { promisify } from 'node:util';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq } from 'drizzle-orm';
import { ADMIN_ROLES, inspectionTimelineEventSchema, ROLES, type InspectionTimelineEvent, type Role, type UserKind } from '@yuanqu/shared';
import { createFixedClock } from '../../lib/clock.js';
import { verifyPassword } from '../../lib/password-hash.js';
import type { Actor } from '../../lib/request-context.js';
import { verifyAuditChain } from '../../modules/audit/index.js';
import { createFileStorage } from '../../modules/files/index.js';
import { renderDemoInspectionMedia, verifyRecordings } from '../../modules/inspection/index.js';
import { canonicalJson } from '../../lib/canonical-json.js';
import { hasFfmpeg } from '../../test/chromium-media.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import {
  auditEvents,
  caseEvents,
  caseMaterials,
  caseRatings,
  cases,
  departments,
  documents,
  enterprises,
  files,
  inspectionEvents,
  inspectionInspectors,
  inspectionLocations,
  inspectionRecordings,
  inspections,
  rectificationTasks,
  serviceItems,
  userRoles,
  users,
  zones,
} from '../schema.js';
import { DEMO_CATALOGUE } from '../../modules/catalogue/index.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.js';
import { createDemoCaseServices, DEMO_CASE_APPLICANTS, DEMO_CASE_PLANS } from './demo-cases.js';
import { computeCreditCodeCheckCharacter, DEMO_ENTERPRISES, describeDemoAccounts, isValidCreditCode, seedDemoData } from './demo-seed.js';

const ALL_ACCOUNTS = DEMO_ACCOUNTS.length + DEMO_CASE_APPLICANTS.length;

describe('demo seed', () => {
  let database: TestDatabase;
  let dataDir: string;
  let recordings: { dir: string; ffmpegPath: string | null };
  // Monday 23 February 2026, 09:00 in China: the last day of the Spring Festival holiday.
  const clock = createFixedClock('2026-02-23T01:00:00.000Z');
  const publicUrl = 'https://yuanqu.example.cn';

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-demo-seed-'));
    recordings = { dir: path.join(dataDir, 'recordings'), ffmpegPath: hasFfmpeg ? 'ffmpeg' : null };
    const result = await seedDemoData(database.db, clock, { storage: createFileStorage({ dataDir }), publicUrl, recordings });
    expect(result).toEqual({
      isCreated: true,
      zones: 2,
      departments: 10,
      enterprises: DEMO_ENTERPRISES.length,
      users: ALL_ACCOUNTS,
      serviceItems: DEMO_CATALOGUE.length,
      cases: DEMO_CASE_PLANS.length,
    });
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function rolesOf(zoneCode: string): Promise<{ username: string; role: string; kind: string }[]> {
    return database.db
      .select({ username: users.username, role: userRoles.role, kind: users.kind })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id))
      .innerJoin(zones, eq(zones.id, users.zoneId))
      .where(eq(zones.code, zoneCode))
      .orderBy(asc(users.username), asc(userRoles.role));
  }

  it('creates both zones', async () => {
    const rows = await database.db.select({ code: zones.code, nameZh: zones.nameZh }).from(zones).orderBy(asc(zones.code));
    expect(rows).toEqual([
      { code: 'fengxi', nameZh: '西咸新区沣西新城' },
      { code: 'xianyang-hitech', nameZh: '咸阳高新区' },
    ]);
  });

  it('gives xianyang-hitech an account for every role, and fengxi its clerk and admins', async () => {
    const xianyang = await rolesOf('xianyang-hitech');
    expect(new Set(xianyang.map((row) => row.role))).toEqual(new Set(ROLES));
    expect(xianyang.filter((row) => row.role === 'inspector').map((row) => row.username)).toEqual(['xy.inspector', 'xy.inspector2']);
    const fengxi = await rolesOf('fengxi');
    expect(fengxi.map((row) => `${row.username}:${row.role}`)).toEqual([
      'fx.auditor:audit_admin',
      'fx.clerk:clerk',
      'fx.sysadmin:system_admin',
    ]);
  });

  it('never gives one account two of the separated admin roles', async () => {
    const all = await database.db.select({ userId: userRoles.userId, role: userRoles.role }).from(userRoles);
    const adminsPerUser = new Map<string, number>();
    for (const row of all) {
      if ((ADMIN_ROLES as readonly string[]).includes(row.role)) adminsPerUser.set(row.userId, (adminsPerUser.get(row.userId) ?? 0) + 1);
    }
    expect(adminsPerUser.size).toBe(5);
    expect([...adminsPerUser.values()].every((total) => total === 1)).toBe(true);
  });

  it('enrols a TOTP second factor for every admin and for no one else', async () => {
    const rows = await database.db
      .select({ username: users.username, role: userRoles.role, totpSecret: users.totpSecret, totpEnabledAt: users.totpEnabledAt })
      .from(users)
      .innerJoin(userRoles, eq(userRoles.userId, users.id));
    for (const row of rows) {
      const isAdmin = (ADMIN_ROLES as readonly string[]).includes(row.role);
      const expected = DEMO_ACCOUNTS.find((account) => account.username === row.username);
      expect({ username: row.username, totpSecret: row.totpSecret, isEnabled: row.totpEnabledAt !== null }).toEqual({
        username: row.username,
        totpSecret: isAdmin ? expected?.totpSecret : null,
        isEnabled: isAdmin,
      });
    }
  });

  it('signs every account in with the demo password', async () => {
    const rows = await database.db.select({ passwordHash: users.passwordHash }).from(users);
    expect(rows).toHaveLength(ALL_ACCOUNTS);
    expect(new Set(rows.map((row) => row.passwordHash)).size).toBe(1);
    const [first] = rows;
    expect(await verifyPassword(DEMO_PASSWORD, first?.passwordHash ?? '')).toBe(true);
    expect(await verifyPassword('wrong password', first?.passwordHash ?? '')).toBe(false);
  });

  it('makes the applicant an enterprise account of 峻凌电子, and staff members of their departments', async () => {
    const rows = await database.db
      .select({ username: users.username, kind: users.kind, enterprise: enterprises.name, department: departments.code, phone: users.phone })
      .from(users)
      .leftJoin(enterprises, eq(enterprises.id, users.enterpriseId))
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .orderBy(asc(users.username));
    expect(rows.find((row) => row.username === 'junling.applicant')).toEqual({
      username: 'junling.applicant',
      kind: 'enterprise',
      enterprise: '峻凌电子(咸阳)有限公司',
      department: null,
      phone: '13800000101',
    });
    for (const account of DEMO_ACCOUNTS.filter((candidate) => candidate.departmentCode !== null)) {
      expect(rows.find((row) => row.username === account.username)).toEqual({
        username: account.username,
        kind: 'staff',
        enterprise: null,
        department: account.departmentCode,
        phone: null,
      });
    }
  });

  it('registers the enterprises of the report with well-formed credit codes', async () => {
    const rows = await database.db.select({ name: enterprises.name, creditCode: enterprises.creditCode }).from(enterprises);
    expect(rows.map((row) => row.name)).toEqual(
      expect.arrayContaining([
        '峻凌电子(咸阳)有限公司',
        '华大半导体有限公司',
        '咸阳秦渭乡村建投有限公司',
        '彩虹显示器件股份有限公司',
        '百度在线网络技术（北京）有限公司',
      ]),
    );
    for (const row of rows) {
      expect(row.creditCode).toHaveLength(18);
      expect(isValidCreditCode(row.creditCode ?? '')).toBe(true);
    }
  });

  it('computes the GB 32100-2015 check character', () => {
    // A widely published example of a valid code.
    expect(computeCreditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4I')).toBe(false);
  });

  it('writes one system.seed_demo audit record per zone, then the demo cases’ trail, all intact', async () => {
    const rows = await database.db
      .select({ action: auditEvents.action, zone: zones.code })
      .from(auditEvents)
      .innerJoin(zones, eq(zones.id, auditEvents.zoneId))
      .orderBy(asc(auditEvents.seq));
    expect(rows.slice(0, 2)).toEqual([
      { action: 'system.seed_demo', zone: 'xianyang-hitech' },
      { action: 'system.seed_demo', zone: 'fengxi' },
    ]);
    expect(rows.slice(2).every((row) => row.zone === 'xianyang-hitech' && /^(case|document|rating|rectification|inspection)\./.test(row.action))).toBe(true);
    expect(await verifyAuditChain(database.db)).toEqual({ checked: rows.length, isIntact: true, problems: [] });
  });

  it('does nothing the second time', async () => {
    const totals = async (): Promise<number[]> =>
      Promise.all(
        [zones, departments, enterprises, users, userRoles, auditEvents, cases, files, documents, caseRatings, inspections, inspectionEvents, inspectionRecordings].map(async (table) => {
          const [row] = await database.db.select({ total: count() }).from(table);
          return row?.total ?? 0;
        }),
      );
    const before = await totals();

    const again = await seedDemoData(database.db, clock, { storage: createFileStorage({ dataDir }), publicUrl, recordings });

    expect(again.isCreated).toBe(false);
    expect(await totals()).toEqual(before);
    expect(before.slice(0, 5)).toEqual([2, 10, DEMO_ENTERPRISES.length, ALL_ACCOUNTS, ALL_ACCOUNTS]);
    // Documents: two decisions and the inspection record.
    expect(before.slice(6, 11)).toEqual([DEMO_CASE_PLANS.length, expect.any(Number), 3, 2, 1]);
    // Nothing of the rendered media is left outside the inspection's folder.
    if (hasFfmpeg) expect(fs.readdirSync(recordings.dir).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('lists every account with its password, and the TOTP secret of admins', () => {
    const lines = describeDemoAccounts();
    for (const account of DEMO_ACCOUNTS) {
      const line = lines.find((candidate) => candidate.includes(` ${account.username} `));
      expect(line).toContain(account.zoneCode);
      expect(line).toContain(account.roles.join(','));
      expect(line).toContain(DEMO_PASSWORD);
      if (account.totpSecret) expect(line).toContain(account.totpSecret);
    }
    for (const account of DEMO_CASE_APPLICANTS) expect(lines.join('\n')).toContain(account.username);
  });

  describe('demo cases', () => {
    async function actorOf(username: string): Promise<Actor> {
      const [user] = await database.db.select().from(users).where(eq(users.username, username));
      const roles = await database.db.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user!.id));
      return { userId: user!.id, zoneId: user!.zoneId, username: user!.username, displayName: user!.displayName, kind: user!.kind as UserKind, roles: roles.map((row) => row.role as Role), departmentId: user!.departmentId, enterpriseId: user!.enterpriseId };
    }
    const services = () => createDemoCaseServices(database.db, clock, { storage: createFileStorage({ dataDir }), publicUrl });

    async function casesOf(status: string) {
      return database.db
        .select({ id: cases.id, number: cases.number, item: serviceItems.code, enterprise: enterprises.name, dueOn: cases.dueOn })
        .from(cases)
        .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
        .innerJoin(enterprises, eq(enterprises.id, cases.enterpriseId))
        .where(eq(cases.status, status));
    }

    it('spreads a dozen cases of 峻凌电子 and the other enterprises over the statuses', async () => {
      const rows = await database.db.select({ status: cases.status, total: count() }).from(cases).groupBy(cases.status);
      expect(Object.fromEntries(rows.map((row) => [row.status, row.total]))).toEqual({
        draft: 1,
        submitted: 1,
        correction_requested: 1,
        under_review: 3,
        inspection: 1,
        suspended: 1,
        concluded: 1,
        delivered: 1,
        refused: 1,
        withdrawn: 1,
      });
      const owners = await database.db.select({ enterprise: enterprises.name, total: count() }).from(cases).innerJoin(enterprises, eq(enterprises.id, cases.enterpriseId)).groupBy(enterprises.name);
      expect(Object.fromEntries(owners.map((row) => [row.enterprise, row.total]))).toEqual({
        '峻凌电子(咸阳)有限公司': 5,
        '华大半导体有限公司': 2,
        '咸阳秦渭乡村建投有限公司': 2,
        '彩虹显示器件股份有限公司': 1,
        '百度在线网络技术（北京）有限公司': 1,
        '中国电子信息产业集团有限公司': 1,
      });
      const numbers = (await database.db.select({ number: cases.number }).from(cases)).map((row) => row.number).filter((number) => number !== null);
      expect(numbers).toHaveLength(11);
      expect(numbers.every((number) => /^XH-202[56]-\d{6}$/.test(number!))).toBe(true);
    });

    it('puts the open cases on the window’s queue: one red (overdue), one yellow, the rest in time', async () => {
      const clerk = await actorOf('xy.clerk');
      const queue = await services().cases.listQueue(clerk, {});
      expect(queue.total).toBe(8);
      expect(queue.counts).toEqual({ submitted: 1, correction_requested: 1, under_review: 3, inspection: 1, suspended: 1, concluded: 1 });
      const red = queue.items.filter((item) => item.clock.light === 'red');
      expect(red.map((item) => [item.serviceItem.code, item.enterpriseName, item.status])).toEqual([['XYGX-HB-001', '中国电子信息产业集团有限公司', 'under_review']]);
      // Accepted 14 working days before the seeding day, on a 10-day limit: 4 days late.
      expect(red[0]!.clock).toMatchObject({ limitDays: 10, usedDays: 14, remainingDays: -4, isPaused: false });
      const overdue = await services().cases.listQueue(clerk, { isOverdue: true });
      expect(overdue.items.map((item) => item.id)).toContain(red[0]!.id);
      const lights = queue.items.filter((item) => item.status === 'under_review').map((item) => [item.enterpriseName, item.clock.light, item.clock.remainingDays]);
      expect(lights).toEqual(
        expect.arrayContaining([
          ['中国电子信息产业集团有限公司', 'red', -4],
          ['彩虹显示器件股份有限公司', 'yellow', 1],
          ['咸阳秦渭乡村建投有限公司', 'green', 4],
        ]),
      );
      const suspended = queue.items.find((item) => item.status === 'suspended')!;
      expect(suspended.clock).toMatchObject({ isPaused: true });
    });

    it('asks for two corrections in one notice (一次性告知)', async () => {
      const [corrected] = await casesOf('correction_requested');
      const detail = await services().cases.getCase(await actorOf('huada.applicant'), corrected!.id);
      expect(detail.correction?.deficiencies).toHaveLength(2);
      expect(detail.correction?.deficiencies.map((deficiency) => deficiency.target)).toEqual(['inspection_certificate', 'form.contact_phone']);
      expect(detail.events.map((event) => event.action)).toEqual(['draft_created', 'submitted', 'correction_requested']);
    });

    it('stores every material as a real PDF whose digest matches its record', async () => {
      const rows = await database.db.select({ file: files }).from(caseMaterials).innerJoin(files, eq(files.id, caseMaterials.fileId));
      expect(rows.length).toBeGreaterThanOrEqual(30);
      // Each enterprise attaches one scan of its business licence to all its cases.
      const licences = rows.filter(({ file }) => file.originalName === '营业执照.pdf');
      expect(new Set(licences.map(({ file }) => file.id)).size).toBe(DEMO_ENTERPRISES.length);
      const storage = createFileStorage({ dataDir });
      for (const { file } of rows) {
        const bytes = await buffer(await storage.open(file.storageKey));
        expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(file.sha256);
        expect(file.sizeBytes).toBe(bytes.length);
      }
    });

    it('issues a verifiable decision document for each decided case', async () => {
      const [concluded] = await casesOf('concluded');
      const detail = await services().cases.getCase(await actorOf('junling.applicant'), concluded!.id);
      expect(detail).toMatchObject({ decision: 'approved', documents: [{ kind: 'decision', revokedAt: null }] });
      const verified = await services().documents.findPublicDocument(detail.documents[0]!.verificationCode);
      expect(verified).toMatchObject({ status: 'valid', kind: 'decision', facts: { 办件编号: concluded!.number, 申请单位: '峻凌电子(咸阳)有限公司' } });
      const [file] = await database.db.select().from(files).where(eq(files.id, detail.documents[0]!.fileId));
      const bytes = await buffer(await createFileStorage({ dataDir }).open(file!.storageKey));
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(file!.sha256);
      expect(await database.db.select({ total: count() }).from(documents).where(eq(documents.kind, 'decision'))).toEqual([{ total: 2 }]);
    });

    it('rates the delivered case 不满意, with its open rectification task, and the refused one 满意', async () => {
      const [delivered] = await casesOf('delivered');
      const [refused] = await casesOf('refused');
      const ratings = await database.db.select().from(caseRatings).orderBy(asc(caseRatings.overall));
      expect(ratings.map((rating) => [rating.caseId, rating.overall, rating.isBad, rating.round])).toEqual([
        [delivered!.id, 2, true, 1],
        [refused!.id, 4, false, 1],
      ]);
      const [task] = await database.db.select().from(rectificationTasks);
      expect(task).toMatchObject({ ratingId: ratings[0]!.id, status: 'open' });
      const calendar = await services().calendar.getCalendar();
      const ratedOn = new Date(ratings[0]!.createdAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      expect(task!.dueOn).toBe(calendar.addWorkingDays(ratedOn, 5));
      const leader = await actorOf('xy.leader');
      const byDepartment = await services().ratings.satisfaction(leader, 'department');
      expect(byDepartment.map((row) => [row.nameZh, row.ratings, row.bad])).toEqual(
        expect.arrayContaining([
          ['规划和自然资源局', 1, 1],
          ['市场监督管理局', 1, 0],
        ]),
      );
      expect(byDepartment).toHaveLength(2);
    });

    it('gives the demo applicant their cases, and the enterprise’s cases stay theirs', async () => {
      const junling = await actorOf('junling.applicant');
      const mine = await services().cases.listMyCases(junling, 1, 20);
      expect(mine.items.map((item) => item.status).sort()).toEqual(['concluded', 'delivered', 'draft', 'inspection', 'submitted']);
      const huada = await actorOf('huada.applicant');
      expect((await services().cases.listMyCases(huada, 1, 20)).items.map((item) => item.status).sort()).toEqual(['correction_requested', 'refused']);
      const [zone] = await database.db.select().from(zones).where(and(eq(zones.code, 'xianyang-hitech')));
      expect(mine.items.every((item) => item.number === null || item.number.startsWith('XH-'))).toBe(true);
      expect(zone).toBeDefined();
    });
  });

  describe('the finished remote inspection', () => {
    const run = promisify(execFile);
    const isTimelineEvent = TypeCompiler.Compile(inspectionTimelineEventSchema);

    async function theInspection() {
      const [row] = await database.db
        .select({ inspection: inspections, caseStatus: cases.status, projectName: cases.formData })
        .from(inspections)
        .innerJoin(cases, eq(cases.id, inspections.caseId));
      return row!;
    }

    async function timelineOf(inspectionId: string) {
      return database.db.select().from(inspectionEvents).where(eq(inspectionEvents.inspectionId, inspectionId)).orderBy(asc(inspectionEvents.at), asc(inspectionEvents.seq));
    }

    it('is the delivered case’s: concluded 合格, signed by both inspectors, the case moved on to review', async () => {
      expect(await database.db.select({ total: count() }).from(inspections)).toEqual([{ total: 1 }]);
      const { inspection, caseStatus } = await theInspection();
      expect(caseStatus).toBe('delivered');
      expect(inspection).toMatchObject({ status: 'concluded', result: 'passed', siteAddress: '咸阳高新区中韩产业园峻凌电子一期厂房', livenessCode: expect.stringMatching(/^\d{6}$/) });
      const signers = await database.db.select().from(inspectionInspectors).where(eq(inspectionInspectors.inspectionId, inspection.id));
      expect(signers).toHaveLength(2);
      expect(signers.every((signer) => signer.confirmedAt !== null)).toBe(true);
      const steps = await database.db.select({ action: caseEvents.action, details: caseEvents.details }).from(caseEvents).where(eq(caseEvents.caseId, inspection.caseId)).orderBy(asc(caseEvents.id));
      expect(steps.map((step) => step.action)).toEqual(['draft_created', 'submitted', 'accepted', 'inspection_completed', 'concluded', 'delivered']);
      expect(steps[3]!.details).toMatchObject({ result: 'passed', inspectionId: inspection.id });
      const [record] = await database.db.select().from(documents).where(eq(documents.id, inspection.recordDocumentId!));
      expect(record).toMatchObject({ kind: 'inspection_record', subjectType: 'inspection', subjectId: inspection.id, title: '现场踏勘记录' });
      const verified = await createDemoCaseServices(database.db, clock, { storage: createFileStorage({ dataDir }), publicUrl }).documents.findPublicDocument(record!.verificationCode);
      expect(verified).toMatchObject({ status: 'valid', facts: { 踏勘结论: '合格', 位置核验: expect.stringContaining('在现场') } });
    });

    it('has a timeline in the live session’s shapes: joins, liveness code, four checklist marks, chat, on-site locations, the end', async () => {
      const { inspection } = await theInspection();
      const events = await timelineOf(inspection.id);
      const presented = events.map(({ seq: _seq, inspectionId: _inspection, ...event }) => ({ ...event, at: event.at.toISOString() }));
      for (const event of presented.filter((candidate) => !['booked', 'result_signed', 'concluded'].includes(candidate.kind))) {
        expect(isTimelineEvent.Check(event), `${event.kind}: ${JSON.stringify([...isTimelineEvent.Errors(event)].map((error) => error.path))}`).toBe(true);
      }
      const kinds = events.map((event) => event.kind);
      expect(kinds.filter((kind) => kind === 'joined')).toHaveLength(3);
      expect(kinds.filter((kind) => kind === 'checklist_mark')).toHaveLength(4);
      expect(kinds.filter((kind) => kind === 'chat')).toHaveLength(3);
      expect(kinds.indexOf('session_ended')).toBeGreaterThan(kinds.lastIndexOf('checklist_mark'));
      expect(kinds.slice(-3)).toEqual(['result_signed', 'result_signed', 'concluded']);
      const locations = events.filter((event) => event.kind === 'location').map((event) => event.details as { verdict: string; distanceMeters: number });
      expect(locations.length).toBeGreaterThanOrEqual(3);
      expect(locations.every((fix) => fix.verdict === 'on_site' && fix.distanceMeters < inspection.siteRadiusMeters)).toBe(true);
      // The phone's pre-check fix is on the trail, without a timeline entry.
      const trail = await database.db.select().from(inspectionLocations).where(eq(inspectionLocations.inspectionId, inspection.id));
      expect(trail).toHaveLength(locations.length + 1);
      // Every event at or after the one before: the replay's order is the order of time.
      expect(events.every((event, index) => index === 0 || event.at >= events[index - 1]!.at)).toBe(true);
    });

    it.skipIf(!hasFfmpeg)('keeps a playable recording whose hashes match the files, the audit trail and the timeline digest', async () => {
      const { inspection } = await theInspection();
      expect(await verifyRecordings(database.db, recordings.dir)).toMatchObject({ checked: 3, isIntact: true, problems: [] });
      const rows = await database.db.select().from(inspectionRecordings).where(eq(inspectionRecordings.inspectionId, inspection.id)).orderBy(asc(inspectionRecordings.path));
      expect(rows.map((row) => [row.path.split('/')[1], row.kind, row.status])).toEqual([
        ['segment-001.inspector-1.webm', 'inspector_audio', 'final'],
        ['segment-001.inspector-2.webm', 'inspector_audio', 'final'],
        ['segment-001.webm', 'phone', 'final'],
      ]);
      const phone = rows[2]!;
      const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name:format=duration', '-of', 'json', path.join(recordings.dir, phone.path)]);
      const probed = JSON.parse(stdout) as { streams: Array<{ codec_type: string; codec_name: string }>; format: { duration: string } };
      expect(probed.streams.map((stream) => `${stream.codec_type}:${stream.codec_name}`).sort()).toEqual(['audio:opus', 'video:vp8']);
      expect(Math.abs(Number(probed.format.duration) * 1000 - phone.durationMs!)).toBeLessThan(500);

      const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, inspection.caseId)).orderBy(asc(auditEvents.seq));
      const finalised = audit.find((row) => row.action === 'inspection.recording_finalised');
      expect(finalised?.details).toMatchObject({ inspectionId: inspection.id, segment: 1, sha256: phone.sha256, path: phone.path, durationMs: phone.durationMs });
      // The digest the end of the session chained into the audit trail is that of the timeline up to it.
      const events = await timelineOf(inspection.id);
      const upToEnd = events.slice(0, events.findIndex((event) => event.kind === 'session_ended') + 1);
      const digest = createHash('sha256')
        .update(canonicalJson(upToEnd.map(({ seq: _seq, inspectionId: _inspection, ...event }) => ({ ...event, at: event.at.toISOString() }) as unknown as InspectionTimelineEvent)))
        .digest('hex');
      expect(audit.find((row) => row.action === 'inspection.session_ended')?.details).toMatchObject({ timelineSha256: digest, events: upToEnd.length });

      // The snapshot: a stored 1280×720 JPEG whose digest is on its timeline entry.
      const snapshot = events.find((event) => event.kind === 'snapshot')!.details as { fileId: string; sha256: string; width: number; height: number };
      expect(snapshot).toMatchObject({ width: 1280, height: 720 });
      const [file] = await database.db.select().from(files).where(eq(files.id, snapshot.fileId));
      const bytes = await buffer(await createFileStorage({ dataDir }).open(file!.storageKey));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(snapshot.sha256);
    });

    it.skipIf(!hasFfmpeg)('gets no recording when ffmpeg cannot run, and leaves no folder behind', async () => {
      const folder = path.join(dataDir, 'no-ffmpeg');
      expect(await renderDemoInspectionMedia(folder, path.join(dataDir, 'no-such-ffmpeg'))).toBeNull();
      expect(fs.readdirSync(folder)).toEqual([]);
      expect(await renderDemoInspectionMedia(folder, null)).toBeNull();
    });
  });
});
