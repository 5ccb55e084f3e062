import { and, eq, inArray } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import type { CaseDetail, ChecklistItem, FormData, FormField, Material, Role, UserKind } from '@yuanqu/shared';
import type { Database, Transaction } from '../client.js';
import { enterprises, serviceItems, userRoles, users } from '../schema.js';
import { createFixedClock, type Clock } from '../../lib/clock.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import { CalendarYearNotLoadedError, chinaDateOf, type WorkingDayCalendar } from '../../lib/working-day-calendar.js';
import { createCalendarService } from '../../modules/calendar/index.js';
import { createCatalogueService } from '../../modules/catalogue/index.js';
import { composeDecisionDocument, createCasesService } from '../../modules/cases/index.js';
import { CjkFontNotFoundError, createDocumentsService, locateCjkFonts, type CjkFontSet } from '../../modules/documents/index.js';
import { assertFileFitsMaterial, findFilesByIds, findOwnedFiles, storeGeneratedFile, type FileStorage } from '../../modules/files/index.js';
import { createInspectionService, seedDemoInspectionSession, type DemoInspectionMedia } from '../../modules/inspection/index.js';
import { createRatingsService } from '../../modules/ratings/index.js';
import { DEMO_PASSWORD } from './demo-accounts.js';

/**
 * Demo cases (办件) of 咸阳高新区, so that the window's queue, the applicant's "my cases" and the
 * satisfaction figures have something in them on first start.
 *
 * Everything here is FICTIONAL: the applicants' people, their phone numbers, the projects' details
 * (except the project names SPEC §11 takes from the report), the case histories, the correction
 * reasons, the ratings and the materials, which are one-page PDFs saying "demo material". The cases
 * go through the real services — the same rules, timeline, audit trail, deadlines on the official
 * calendar and decision documents as a case a person files — on a clock that is moved through the
 * last few weeks, so that on the day of seeding one case is red (overdue), one yellow, some green.
 */

/** The services the demo cases go through, wired the way app.ts wires them. */
export interface DemoCaseServicesOptions {
  /** Where materials and decision documents are stored (the server's DATA_DIR). */
  storage: FileStorage;
  /** The address the decision documents' QR codes point at (PUBLIC_URL). */
  publicUrl: string;
  /** The CJK fonts of issued documents; the system's by default. */
  fonts?: () => CjkFontSet;
  /**
   * The generated recording of the demo's finished inspection (being rendered; awaited when the
   * inspection is held). Without it, or when rendering gave nothing, the inspection is seeded
   * without recording.
   */
  inspectionMedia?: Promise<DemoInspectionMedia | null> | null;
}

export function createDemoCaseServices(db: Database, clock: Clock, options: DemoCaseServicesOptions) {
  const calendar = createCalendarService(db, clock);
  const catalogue = createCatalogueService(db, clock);
  const documents = createDocumentsService(db, clock, options.storage, { publicUrl: options.publicUrl, ...(options.fonts ? { fonts: options.fonts } : {}) });
  const cases = createCasesService(db, clock, {
    calendar,
    catalogue,
    files: { findOwnedFiles, findFilesByIds, assertFileFitsMaterial },
    issueDecisionDocument: async (executor, input) => {
      const { zoneId, caseId, ownerId, issuerName, ...facts } = input;
      await documents.issueDocument(executor, { ...composeDecisionDocument(facts), kind: 'decision', subjectType: 'case', subjectId: caseId, ownerId, issuerName, zoneId });
    },
    findCaseDocuments: (executor, caseId) => documents.findDocumentsOf(executor, 'case', caseId),
  });
  const ratings = createRatingsService(db, clock, calendar);
  const inspections = createInspectionService(db, clock, {
    calendar,
    publicUrl: options.publicUrl,
    recordInspectionResult: (executor, actor, meta, caseId, outcome) => cases.recordInspectionResult(executor, actor, meta, caseId, outcome),
    issueRecord: (executor, input) => {
      const { inspectionId, ...document } = input;
      return documents.issueDocument(executor, { ...document, kind: 'inspection_record', subjectType: 'inspection', subjectId: inspectionId });
    },
    findRecord: async (executor, inspectionId) => (await documents.findDocumentsOf(executor, 'inspection', inspectionId))[0],
  });
  return { calendar, catalogue, documents, cases, ratings, inspections };
}

type EnterpriseKey = 'junling' | 'huada' | 'qinwei' | 'irico' | 'baidu' | 'cec';

/**
 * Applicants of the other demo enterprises, who own some of the demo cases (FICTIONAL people). They
 * sign in with the demo password like every demo account; 峻凌电子's applicant is junling.applicant.
 */
export const DEMO_CASE_APPLICANTS: ReadonlyArray<{ enterpriseKey: Exclude<EnterpriseKey, 'junling'>; username: string; displayName: string }> = [
  { enterpriseKey: 'huada', username: 'huada.applicant', displayName: '林晓峰（华大半导体）' },
  { enterpriseKey: 'qinwei', username: 'qinwei.applicant', displayName: '张秀兰（秦渭乡村建投）' },
  { enterpriseKey: 'irico', username: 'irico.applicant', displayName: '马骏（彩虹显示器件）' },
  { enterpriseKey: 'baidu', username: 'baidu.applicant', displayName: '唐宁（百度智能云）' },
  { enterpriseKey: 'cec', username: 'cec.applicant', displayName: '高远（中国电子）' },
];

/** Who fills the forms: contact people and phone numbers are FICTIONAL (the 1380000xxxx range). */
const CONTACTS: Record<EnterpriseKey, { contactName: string; contactPhone: string; site: string }> = {
  junling: { contactName: '黄海', contactPhone: '13800000101', site: '咸阳高新区中韩产业园峻凌电子厂区' },
  huada: { contactName: '林晓峰', contactPhone: '13800000102', site: '咸阳高新区电子信息产业园3号厂房' },
  qinwei: { contactName: '张秀兰', contactPhone: '13800000103', site: '咸阳高新区星火大道以南、高科三路以东' },
  irico: { contactName: '马骏', contactPhone: '13800000104', site: '咸阳高新区彩虹工业园' },
  baidu: { contactName: '唐宁', contactPhone: '13800000105', site: '咸阳高新区高科云谷科技产业园' },
  cec: { contactName: '高远', contactPhone: '13800000106', site: '咸阳高新区中国电子西部智谷' },
};

/** A step of a demo case: what happens, and when — `day` working days before the seeding day, at 09:00 + `minute` China time. */
type DemoAction =
  | { do: 'draft' }
  | { do: 'submit' }
  | { do: 'requestCorrection' }
  | { do: 'resubmit' }
  | { do: 'accept' }
  | { do: 'refuse'; reason: string }
  | { do: 'book'; slot: { day: number; minute: number }; site: { address: string; latitude: number; longitude: number } }
  | { do: 'inspect'; findings: string }
  | { do: 'suspend'; reason: string }
  | { do: 'decide'; reason: string }
  | { do: 'deliver'; method: 'pickup' | 'post' | 'electronic'; trackingNumber?: string }
  | { do: 'withdraw'; reason: string }
  | { do: 'rate'; overall: number; speed: number; service: number; attitude: number; comment: string };

interface DemoStep {
  day: number;
  minute: number;
  action: DemoAction;
}

interface DemoCasePlan {
  enterpriseKey: EnterpriseKey;
  itemCode: string;
  /** 项目名称 — the report's project names where SPEC §11 gives them, FICTIONAL otherwise. */
  projectName: string;
  steps: DemoStep[];
}

const step = (day: number, minute: number, action: DemoAction): DemoStep => ({ day, minute, action });

/** The registered site of 峻凌电子's first plant (a FICTIONAL pin in 咸阳高新区). */
const DEMO_INSPECTION_SITE = { address: '咸阳高新区中韩产业园峻凌电子一期厂房', latitude: 34.3106, longitude: 108.6742 };

/**
 * The twelve demo cases, one or more per status. Planning items go to 陈志强 (xy.approver,
 * 规划和自然资源局), the only demo approver; the others stop before review. Only two are decided:
 * each decision renders a PDF set in a CJK font, the slowest step of seeding.
 */
export const DEMO_CASE_PLANS: readonly DemoCasePlan[] = [
  // 草稿: started this morning, not yet submitted.
  { enterpriseKey: 'junling', itemCode: 'XYGX-GH-001', projectName: '峻凌电子LED模组生产线扩建项目', steps: [step(0, 90, { do: 'draft' })] },
  // 已提交: waiting at the window.
  { enterpriseKey: 'junling', itemCode: 'XYGX-TZ-001', projectName: '峻凌电子液晶电视控制板智能化改造项目', steps: [step(0, 20, { do: 'draft' }), step(0, 35, { do: 'submit' })] },
  // 补正: one notice listing both deficiencies (一次性告知).
  {
    enterpriseKey: 'huada',
    itemCode: 'XYGX-SC-003',
    projectName: '华大半导体封装测试车间',
    steps: [step(3, 30, { do: 'draft' }), step(3, 50, { do: 'submit' }), step(2, 40, { do: 'requestCorrection' })],
  },
  // 审查中, green: corrected once (一次性告知), accepted yesterday.
  {
    enterpriseKey: 'qinwei',
    itemCode: 'XYGX-GH-003',
    projectName: '咸阳高新区失地农民实训基地建设项目',
    steps: [
      step(4, 20, { do: 'draft' }),
      step(4, 40, { do: 'submit' }),
      step(3, 30, { do: 'requestCorrection' }),
      step(2, 20, { do: 'resubmit' }),
      step(1, 30, { do: 'accept' }),
    ],
  },
  // 审查中, yellow: four of five working days used.
  {
    enterpriseKey: 'irico',
    itemCode: 'XYGX-GH-001',
    projectName: '彩虹股份G8.5代基板玻璃生产线',
    steps: [step(5, 100, { do: 'draft' }), step(5, 120, { do: 'submit' }), step(4, 45, { do: 'accept' })],
  },
  // 审查中, red: fourteen working days into a ten-day limit.
  {
    enterpriseKey: 'cec',
    itemCode: 'XYGX-HB-001',
    projectName: '中国电子西部智谷',
    steps: [step(16, 60, { do: 'draft' }), step(16, 80, { do: 'submit' }), step(14, 30, { do: 'accept' })],
  },
  // 踏勘: accepted, the site inspection is to be booked.
  {
    enterpriseKey: 'junling',
    itemCode: 'XYGX-GH-002',
    projectName: '峻凌电子(咸阳)二期厂房',
    steps: [step(3, 10, { do: 'draft' }), step(3, 25, { do: 'submit' }), step(1, 60, { do: 'accept' })],
  },
  // 特殊环节: expert review stops the clock.
  {
    enterpriseKey: 'baidu',
    itemCode: 'XYGX-GH-001',
    projectName: '百度智能云（咸阳）数字经济创新中心',
    steps: [
      step(6, 30, { do: 'draft' }),
      step(6, 50, { do: 'submit' }),
      step(5, 20, { do: 'accept' }),
      step(2, 90, { do: 'suspend', reason: '建筑高度超过60米，需组织专家论证（特殊环节，不计入办理时限）' }),
    ],
  },
  // 办结: decided with the decision document, not yet delivered.
  {
    enterpriseKey: 'junling',
    itemCode: 'XYGX-GH-003',
    projectName: '峻凌电子(咸阳)二期厂房',
    steps: [step(7, 15, { do: 'draft' }), step(7, 30, { do: 'submit' }), step(6, 40, { do: 'accept' }), step(3, 150, { do: 'decide', reason: '申请材料齐全，符合控制性详细规划和规划条件，准予许可' })],
  },
  // 撤回: withdrawn by the applicant before acceptance.
  {
    enterpriseKey: 'qinwei',
    itemCode: 'XYGX-GH-001',
    projectName: '咸阳高新区失地农民实训基地会议中心',
    steps: [step(10, 20, { do: 'draft' }), step(10, 40, { do: 'submit' }), step(9, 100, { do: 'withdraw', reason: '项目选址调整，撤回后按新址重新申请' })],
  },
  // 不予受理, and still rated 满意: the window explained why and where to apply instead.
  {
    enterpriseKey: 'huada',
    itemCode: 'XYGX-SC-001',
    projectName: '华大半导体员工食堂',
    steps: [
      step(9, 30, { do: 'draft' }),
      step(9, 45, { do: 'submit' }),
      step(8, 60, { do: 'refuse', reason: '经营场所位于规划工业用地的生产车间内，不符合食品经营场所设置要求，不予受理' }),
      step(7, 90, { do: 'rate', overall: 4, speed: 5, service: 4, attitude: 5, comment: '虽然不予受理，但窗口讲清了原因，还指导我们重新选址' }),
    ],
  },
  // 送达 electronically after the site inspection, then a bad review (不满意) that opened a rectification task.
  {
    enterpriseKey: 'junling',
    itemCode: 'XYGX-GH-002',
    projectName: '峻凌电子(咸阳)一期厂房',
    steps: [
      step(12, 30, { do: 'draft' }),
      step(12, 50, { do: 'submit' }),
      step(11, 30, { do: 'accept' }),
      step(11, 60, { do: 'book', slot: { day: 10, minute: 60 }, site: DEMO_INSPECTION_SITE }),
      // 远程踏勘 with a generated recording, two signatures and the record PDF (the slot booked above).
      step(10, 60, { do: 'inspect', findings: '建筑位置、层数、外立面与规划许可一致，绿地与停车位按方案建成，消防通道畅通' }),
      step(8, 150, { do: 'decide', reason: '经现场踏勘核实，建设工程符合规划条件，准予通过规划核实' }),
      step(7, 30, { do: 'deliver', method: 'electronic' }),
      step(2, 240, { do: 'rate', overall: 2, speed: 3, service: 2, attitude: 2, comment: '踏勘预约等了两天，电话多次无人接听' }),
    ],
  },
];

export interface SeedDemoCasesInput {
  zoneId: string;
  /** Enterprise ids by DEMO_ENTERPRISES key. */
  enterpriseIds: ReadonlyMap<string, string>;
  /** The demo password's hash, for the case owners' accounts. */
  passwordHash: string;
  services: DemoCaseServicesOptions;
}

export interface SeedDemoCasesResult {
  cases: number;
  users: number;
}

/** A small real PDF saying what it stands for (pdfkit's built-in font has Latin letters only, so the text is English). */
export function renderDemoMaterialPdf(lines: string[], createdAt: Date): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const document = new PDFDocument({ size: 'A4', margin: 72, info: { Title: lines[0] ?? 'Demo material', Producer: 'Yuanqu demo seed', CreationDate: createdAt } });
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
    document.font('Helvetica-Bold').fontSize(16).text(lines[0] ?? '');
    document.moveDown().font('Helvetica').fontSize(11);
    for (const line of lines.slice(1)) document.text(line);
    document.end();
  });
}

function isWorkingDay(calendar: WorkingDayCalendar, date: string): boolean {
  try {
    return calendar.isWorkingDay(date);
  } catch (error) {
    // A year not loaded: the demo history falls back to plain weekdays (its clocks will say unknown).
    if (!(error instanceof CalendarYearNotLoadedError)) throw error;
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }
}

function previousDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return day.toISOString().slice(0, 10);
}

/** The working day from which `today` is `days` working days on (the case clock's count), or today for 0. */
function workingDaysBefore(calendar: WorkingDayCalendar, today: string, days: number): string {
  let date = today;
  let counted = 0;
  while (counted < days) {
    if (isWorkingDay(calendar, date)) counted += 1;
    date = previousDay(date);
  }
  while (days > 0 && !isWorkingDay(calendar, date)) date = previousDay(date);
  return date;
}

/** An answer for each field of the item's form, from the enterprise's facts where the field asks for one. */
function answersFor(form: readonly FormField[], facts: { enterpriseName: string; creditCode: string; projectName: string; contactName: string; contactPhone: string; site: string; today: string }): FormData {
  const answers: FormData = {};
  for (const field of form) {
    const byKey: Record<string, string> = {
      enterprise_name: facts.enterpriseName,
      contact_name: facts.contactName,
      project_name: facts.projectName,
      project_site: facts.site,
      premises: facts.site,
      location: facts.site,
      permit_number: `建字第610400${facts.today.slice(0, 4)}00018号`,
    };
    let value: string | number;
    switch (field.type) {
      case 'credit_code':
        value = facts.creditCode;
        break;
      case 'phone':
        value = facts.contactPhone;
        break;
      case 'number':
      case 'area':
        value = Math.min(field.max ?? Number.POSITIVE_INFINITY, Math.max(field.min ?? 0, field.type === 'area' ? 12_800 : 20));
        break;
      case 'date':
        value = facts.today;
        break;
      case 'select':
        value = field.options?.[0]?.value ?? '';
        break;
      case 'text':
      case 'textarea':
        value = byKey[field.key] ?? `${field.labelZh}（演示数据）`;
        if (field.maxLength !== undefined) value = [...value].slice(0, field.maxLength).join('');
        break;
    }
    answers[field.key] = value;
  }
  return answers;
}

interface CaseState {
  plan: DemoCasePlan;
  item: { id: string; code: string; materials: Material[]; form: FormField[] };
  applicant: Actor;
  facts: Parameters<typeof answersFor>[1] & { enterpriseKey: EnterpriseKey };
  detail?: CaseDetail;
  materials: Record<string, string>;
  /** The booked inspection, for the step that holds it. */
  inspection?: { id: string; version: number; site: { latitude: number; longitude: number; radiusMeters: number }; checklist: ChecklistItem[] };
}

async function actorOf(tx: Transaction, zoneId: string, username: string): Promise<Actor> {
  const [user] = await tx.select().from(users).where(and(eq(users.zoneId, zoneId), eq(users.username, username)));
  if (!user) throw new Error(`Demo case seeding needs the account ${username}`);
  const roles = await tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, user.id));
  return {
    userId: user.id,
    zoneId,
    username: user.username,
    displayName: user.displayName,
    kind: user.kind as UserKind,
    roles: roles.map((row) => row.role as Role),
    departmentId: user.departmentId,
    enterpriseId: user.enterpriseId,
  };
}

/**
 * Creates the demo cases in the seeding transaction: the case owners' accounts, then every step of
 * every case in the order of time, each at its own moment of a clock that starts weeks back and ends
 * before `clock`'s now. Cases whose decision needs a PDF are left out when the machine has no CJK
 * font (issuing would fail; `npm start` must still start).
 */
export async function seedDemoCases(tx: Transaction, clock: Clock, input: SeedDemoCasesInput): Promise<SeedDemoCasesResult> {
  const now = clock.now();
  const createdAt = new Date(now);
  for (const account of DEMO_CASE_APPLICANTS) {
    const [user] = await tx
      .insert(users)
      .values({
        zoneId: input.zoneId,
        kind: 'enterprise',
        username: account.username,
        displayName: account.displayName,
        departmentId: null,
        enterpriseId: input.enterpriseIds.get(account.enterpriseKey) ?? null,
        phone: CONTACTS[account.enterpriseKey].contactPhone,
        passwordHash: input.passwordHash,
        passwordChangedAt: createdAt,
        createdAt,
        updatedAt: createdAt,
      })
      .returning({ id: users.id });
    await tx.insert(userRoles).values({ userId: user!.id, role: 'applicant' });
  }

  let canIssueDocuments = true;
  try {
    (input.services.fonts ?? locateCjkFonts)();
  } catch (error) {
    if (!(error instanceof CjkFontNotFoundError)) throw error;
    canIssueDocuments = false;
  }
  const plans = DEMO_CASE_PLANS.filter((plan) => canIssueDocuments || !plan.steps.some((entry) => entry.action.do === 'decide' || entry.action.do === 'inspect'));

  const demoClock = createFixedClock(now);
  const services = createDemoCaseServices(tx, demoClock, input.services);
  const calendar = await services.calendar.getCalendar();
  const today = chinaDateOf(now);
  const meta: RequestMeta = { requestId: 'seed-demo', ip: null, userAgent: 'yuanqu seed-demo' };

  const clerk = await actorOf(tx, input.zoneId, 'xy.clerk');
  const inspector = await actorOf(tx, input.zoneId, 'xy.inspector');
  const secondInspector = await actorOf(tx, input.zoneId, 'xy.inspector2');
  const approver = await actorOf(tx, input.zoneId, 'xy.approver');
  const applicants = new Map<EnterpriseKey, Actor>([['junling', await actorOf(tx, input.zoneId, 'junling.applicant')]]);
  for (const account of DEMO_CASE_APPLICANTS) applicants.set(account.enterpriseKey, await actorOf(tx, input.zoneId, account.username));

  const codes = [...new Set(plans.map((plan) => plan.itemCode))];
  const itemRows = await tx.select().from(serviceItems).where(and(eq(serviceItems.zoneId, input.zoneId), inArray(serviceItems.code, codes)));
  const enterpriseRows = await tx.select().from(enterprises).where(eq(enterprises.zoneId, input.zoneId));

  /** 09:00 China time on the day, plus minutes; today's steps fall in the two hours before now. */
  const instantOf = (entry: DemoStep): Date => {
    if (entry.day === 0) return new Date(now.getTime() - (120 - entry.minute) * 60_000);
    const day = workingDaysBefore(calendar, today, entry.day);
    return new Date(Date.parse(`${day}T09:00:00+08:00`) + entry.minute * 60_000);
  };

  const states: CaseState[] = plans.map((plan) => {
    const item = itemRows.find((row) => row.code === plan.itemCode);
    if (!item) throw new Error(`Demo case needs service item ${plan.itemCode}, which the demo catalogue lacks`);
    const enterpriseId = input.enterpriseIds.get(plan.enterpriseKey);
    const enterprise = enterpriseRows.find((row) => row.id === enterpriseId);
    if (!enterprise) throw new Error(`Demo case needs enterprise ${plan.enterpriseKey}`);
    return {
      plan,
      item: { id: item.id, code: item.code, materials: item.materials, form: item.form },
      applicant: applicants.get(plan.enterpriseKey)!,
      facts: { enterpriseKey: plan.enterpriseKey, enterpriseName: enterprise.name, creditCode: enterprise.creditCode ?? '', projectName: plan.projectName, today, ...CONTACTS[plan.enterpriseKey] },
      materials: {},
    };
  });

  const timeline = states.flatMap((state, caseIndex) =>
    state.plan.steps.map((entry, stepIndex) => {
      const at = instantOf(entry);
      const before = stepIndex > 0 ? instantOf(state.plan.steps[stepIndex - 1]!) : undefined;
      if (before && before >= at) throw new Error(`Demo case ${caseIndex + 1} (${state.plan.itemCode}): step ${stepIndex + 1} is not after the one before`);
      return { at, state, action: entry.action };
    }),
  );
  timeline.sort((left, right) => left.at.getTime() - right.at.getTime());

  const storeMaterial = async (state: CaseState, material: Material, note: string) => {
    const bytes = await renderDemoMaterialPdf(
      [`Demo material (fictional): ${material.nameEn}`, `Service item: ${state.item.code}`, `Applicant credit code: ${state.facts.creditCode}`, note, 'Generated by the Yuanqu demo seed; not a real document.'],
      demoClock.now(),
    );
    const file = await storeGeneratedFile(tx, input.services.storage, { zoneId: input.zoneId, ownerId: state.applicant.userId, originalName: `${material.nameZh}.pdf`, mimeType: 'application/pdf', detectedFormat: 'pdf', bytes });
    return file.id;
  };
  const licences = new Map<EnterpriseKey, string>();
  const version = (state: CaseState) => state.detail?.version ?? 0;
  const caseId = (state: CaseState) => state.detail!.id;

  for (const { at, state, action } of timeline) {
    demoClock.set(at);
    const { cases, ratings } = services;
    switch (action.do) {
      case 'draft':
        for (const material of state.item.materials.filter((candidate) => candidate.isRequired)) {
          // An enterprise attaches the same scan of its business licence to each of its cases.
          const licence = material.key === 'business_licence' ? licences.get(state.plan.enterpriseKey) : undefined;
          state.materials[material.key] = licence ?? (await storeMaterial(state, material, 'First submission'));
          if (material.key === 'business_licence') licences.set(state.plan.enterpriseKey, state.materials[material.key]!);
        }
        state.detail = await cases.createDraft(state.applicant, meta, { serviceItemId: state.item.id, formData: answersFor(state.item.form, state.facts), materials: state.materials });
        break;
      case 'submit':
        state.detail = await cases.submit(state.applicant, meta, caseId(state), version(state));
        break;
      case 'requestCorrection': {
        // 一次性告知: both deficiencies in one notice, a material and an answer.
        const material = state.item.materials.find((candidate) => candidate.isRequired && candidate.key !== 'business_licence') ?? state.item.materials[0]!;
        const field = state.item.form.find((candidate) => candidate.key === 'contact_phone') ?? state.item.form[0]!;
        state.detail = await cases.requestCorrection(clerk, meta, caseId(state), {
          version: version(state),
          deficiencies: [
            { target: material.key, reason: `${material.nameZh}扫描件不清晰且未加盖单位公章，请上传清晰的盖章扫描件` },
            { target: `form.${field.key}`, reason: `${field.labelZh}与营业执照登记信息不一致，请核实后重新填写` },
          ],
          note: '请一次性补正以上两项后重新提交',
        });
        break;
      }
      case 'resubmit': {
        const deficient = state.item.materials.find((candidate) => candidate.isRequired && candidate.key !== 'business_licence') ?? state.item.materials[0]!;
        state.materials[deficient.key] = await storeMaterial(state, deficient, 'Corrected after the correction notice');
        state.detail = await cases.resubmit(state.applicant, meta, caseId(state), { version: version(state), formData: answersFor(state.item.form, state.facts), materials: state.materials });
        break;
      }
      case 'accept':
        state.detail = await cases.accept(clerk, meta, caseId(state), { version: version(state) });
        break;
      case 'refuse':
        state.detail = await cases.refuse(clerk, meta, caseId(state), { version: version(state), reason: action.reason });
        break;
      case 'book': {
        const booked = await services.inspections.book(clerk, meta, {
          caseId: caseId(state),
          slotStart: instantOf(step(action.slot.day, action.slot.minute, action)).toISOString(),
          inspectorIds: [inspector.userId, secondInspector.userId],
          siteAddress: action.site.address,
          siteLatitude: action.site.latitude,
          siteLongitude: action.site.longitude,
        });
        state.inspection = { id: booked.id, version: booked.version, site: booked.site, checklist: booked.checklist };
        break;
      }
      case 'inspect': {
        const booked = state.inspection!;
        await seedDemoInspectionSession(tx, demoClock, {
          inspectionId: booked.id,
          zoneId: input.zoneId,
          caseId: caseId(state),
          applicantId: state.applicant.userId,
          inspectors: [
            { actorId: inspector.userId, displayName: inspector.displayName },
            { actorId: secondInspector.userId, displayName: secondInspector.displayName },
          ],
          checklist: booked.checklist,
          site: booked.site,
          storage: input.services.storage,
          media: (await input.services.inspectionMedia) ?? null,
        });
        demoClock.advance(90_000);
        const signed = await services.inspections.conclude(inspector, meta, booked.id, { version: booked.version, result: 'passed', findings: action.findings, password: DEMO_PASSWORD });
        demoClock.advance(60_000);
        await services.inspections.confirm(secondInspector, meta, booked.id, { version: signed.version, password: DEMO_PASSWORD });
        state.detail = await cases.getCase(clerk, caseId(state));
        break;
      }
      case 'suspend':
        state.detail = await cases.suspend(approver, meta, caseId(state), { version: version(state), reason: action.reason });
        break;
      case 'decide':
        state.detail = await cases.decide(approver, meta, caseId(state), { version: version(state), decision: 'approved', reason: action.reason });
        break;
      case 'withdraw':
        state.detail = await cases.withdraw(state.applicant, meta, caseId(state), { version: version(state), reason: action.reason });
        break;
      case 'deliver':
        state.detail = await cases.deliver(clerk, meta, caseId(state), { version: version(state), method: action.method, ...(action.trackingNumber ? { trackingNumber: action.trackingNumber } : {}) });
        break;
      case 'rate': {
        const { do: _action, ...body } = action;
        await ratings.rateCase(state.applicant, meta, caseId(state), body);
        break;
      }
    }
  }
  return { cases: states.length, users: DEMO_CASE_APPLICANTS.length };
}
