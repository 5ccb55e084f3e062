import { eq, sql } from 'drizzle-orm';
import { isAdminRole } from '@yuanqu/shared';
import type { Database } from '../client.js';
import { departments, enterprises, userRoles, users, zones } from '../schema.js';
import type { Clock } from '../../lib/clock.js';
import { hashPassword } from '../../lib/password-hash.js';
import { loadConfig } from '../../plugins/config.js';
import { appendAuditEvent } from '../../modules/audit/index.js';
import { seedCalendar } from '../../modules/calendar/index.js';
import { seedDemoCatalogue } from '../../modules/catalogue/index.js';
import type { CjkFontSet } from '../../modules/documents/index.js';
import { createFileStorage, type FileStorage } from '../../modules/files/index.js';
import { discardDemoInspectionMedia, renderDemoInspectionMedia } from '../../modules/inspection/index.js';
import { DEMO_ACCOUNTS, DEMO_APPLICANT_PHONE, DEMO_PASSWORD, DEMO_ZONES } from './demo-accounts.js';
import { DEMO_CASE_APPLICANTS, seedDemoCases, type DemoCaseServicesOptions } from './demo-cases.js';

/** Serialises two processes seeding one PostgreSQL database at the same time. */
const SEED_LOCK = 7_240_002;

/** The zone whose presence means the demo data is already there. */
const MARKER_ZONE_CODE = 'xianyang-hitech';

interface DemoDepartment {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** Departments of each demo zone's administration committee (管委会), by zone code. */
export const DEMO_DEPARTMENTS: Record<(typeof DEMO_ZONES)[number]['code'], DemoDepartment[]> = {
  'xianyang-hitech': [
    { code: 'office', nameZh: '党政办公室', nameEn: 'General Office' },
    { code: 'service-center', nameZh: '政务服务中心', nameEn: 'Government Service Center' },
    { code: 'planning', nameZh: '规划和自然资源局', nameEn: 'Planning and Natural Resources Bureau' },
    { code: 'construction', nameZh: '建设和交通局（重点项目办）', nameEn: 'Construction and Transport Bureau (Key Projects Office)' },
    { code: 'investment', nameZh: '招商服务局（投资促进局）', nameEn: 'Investment Service Bureau (Investment Promotion Bureau)' },
    { code: 'market', nameZh: '市场监督管理局', nameEn: 'Market Supervision Bureau' },
    { code: 'ecology', nameZh: '生态环境分局', nameEn: 'Ecology and Environment Branch' },
    { code: 'finance', nameZh: '财政局', nameEn: 'Finance Bureau' },
  ],
  fengxi: [
    { code: 'office', nameZh: '党政办公室', nameEn: 'General Office' },
    { code: 'service-center', nameZh: '政务服务中心', nameEn: 'Government Service Center' },
  ],
};

/** Characters of a 统一社会信用代码 (GB 32100-2015): digits and capitals without I, O, Z, S, V. */
const CREDIT_CODE_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights of positions 1–17: 3^(i-1) mod 31 (GB 32100-2015, 附录). */
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** Weights of the 8-character body of an organisation code (GB 11714-1997). */
const ORGANIZATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** The check character (position 18) of a 统一社会信用代码 whose first 17 characters are given. */
export function computeCreditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new Error(`A credit code has 17 characters before its check character, got ${first17.length}`);
  let sum = 0;
  for (let index = 0; index < 17; index += 1) {
    const value = CREDIT_CODE_CHARACTERS.indexOf(first17.charAt(index));
    if (value < 0) throw new Error(`"${first17.charAt(index)}" is not allowed in a credit code`);
    sum += value * (CREDIT_CODE_WEIGHTS[index] ?? 0);
  }
  return CREDIT_CODE_CHARACTERS.charAt((31 - (sum % 31)) % 31);
}

/** Whether a string has the form and the check character of a 统一社会信用代码. */
export function isValidCreditCode(code: string): boolean {
  return (
    /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code) &&
    computeCreditCodeCheckCharacter(code.slice(0, 17)) === code.charAt(17)
  );
}

/** The check character (position 9) of an organisation code (GB 11714-1997) with the given 8-character body. */
function computeOrganizationCodeCheckCharacter(body: string): string {
  let sum = 0;
  for (let index = 0; index < 8; index += 1) {
    const character = body.charAt(index);
    const value = /[0-9]/.test(character) ? Number(character) : character.charCodeAt(0) - 55;
    sum += value * (ORGANIZATION_CODE_WEIGHTS[index] ?? 0);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * Builds a well-formed credit code: `9` (registered by market regulation) `1` (enterprise), the
 * 6-digit administrative division, the 9-character organisation code, then the check character.
 */
function buildCreditCode(divisionCode: string, organizationBody: string): string {
  const first17 = `91${divisionCode}${organizationBody}${computeOrganizationCodeCheckCharacter(organizationBody)}`;
  return first17 + computeCreditCodeCheckCharacter(first17);
}

/**
 * Enterprises named in the report (SPEC §11), all known to 咸阳高新区. The names are the report's;
 * the credit codes are FICTIONAL — well-formed with correct check characters, but made up, not the
 * companies' real codes. Division codes: 610400 咸阳市, 310115 上海浦东新区, 110108 北京海淀区.
 */
export const DEMO_ENTERPRISES = [
  { key: 'junling', name: '峻凌电子(咸阳)有限公司', creditCode: buildCreditCode('610400', 'MA6XJL01') },
  { key: 'huada', name: '华大半导体有限公司', creditCode: buildCreditCode('310115', 'MA1HD802') },
  { key: 'qinwei', name: '咸阳秦渭乡村建投有限公司', creditCode: buildCreditCode('610400', 'MA6XQW03') },
  { key: 'irico', name: '彩虹显示器件股份有限公司', creditCode: buildCreditCode('610400', 'MA6XCH04') },
  { key: 'baidu', name: '百度在线网络技术（北京）有限公司', creditCode: buildCreditCode('110108', 'MA01BD05') },
  { key: 'cec', name: '中国电子信息产业集团有限公司', creditCode: buildCreditCode('110108', 'MA01CE06') },
] as const;

/** The enterprise the demo applicant account works for (SPEC §11: 峻凌电子). */
const APPLICANT_ENTERPRISE_KEY = 'junling';

export interface SeedDemoResult {
  /** False when the demo data was already there and nothing was written. */
  isCreated: boolean;
  zones: number;
  departments: number;
  enterprises: number;
  users: number;
  serviceItems: number;
  /** Demo cases (办件) of xianyang-hitech, from draft to delivered and rated. */
  cases: number;
}

export interface SeedDemoOptions {
  /**
   * Where the demo cases' materials and decision documents are stored. By default the storage of
   * the configured DATA_DIR (read from the environment as the server and the CLI read it), so that
   * `npm start` and `cli seed-demo` seed into the folder the server serves files from.
   */
  storage?: FileStorage;
  /** The address the decision documents' QR codes open; PUBLIC_URL by default. */
  publicUrl?: string;
  /** The CJK fonts of issued documents (tests); the system's by default. */
  fonts?: () => CjkFontSet;
  /**
   * Where the demo inspection's generated recording goes, and the ffmpeg that makes it. By default
   * the configured RECORDINGS_DIR and FFMPEG_PATH when the configuration is read (neither `storage`
   * nor `publicUrl` given), else none: the demo inspection is then seeded without recording.
   */
  recordings?: { dir: string; ffmpegPath: string | null } | null;
}

const NOTHING_SEEDED: SeedDemoResult = { isCreated: false, zones: 0, departments: 0, enterprises: 0, users: 0, serviceItems: 0, cases: 0 };

async function hasDemoData(db: Database): Promise<boolean> {
  const [zone] = await db.select({ id: zones.id }).from(zones).where(eq(zones.code, MARKER_ZONE_CODE)).limit(1);
  return zone !== undefined;
}

/**
 * Writes the demo zones, departments, enterprises and accounts (one per role, all with
 * DEMO_PASSWORD), the demo catalogue and the demo cases (demo-cases.ts) in one transaction, with
 * one `system.seed_demo` audit record per zone and the audit trail of every case step. Does
 * nothing when zone `xianyang-hitech` already exists, so it is safe to run at every start.
 */
export async function seedDemoData(db: Database, clock: Clock, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  if (await hasDemoData(db)) return NOTHING_SEEDED;
  const config = options.storage && options.publicUrl ? undefined : loadConfig();
  const storage = options.storage ?? createFileStorage(config!);
  const publicUrl = options.publicUrl ?? config!.publicUrl;
  const recordings = options.recordings !== undefined ? options.recordings : config ? { dir: config.media.recordingsDir, ffmpegPath: config.media.ffmpegPath } : null;
  // ffmpeg encodes the demo inspection's recording in child processes while the rest is written.
  const media = recordings ? renderDemoInspectionMedia(recordings.dir, recordings.ffmpegPath) : Promise.resolve(null);
  try {
    // scrypt is deliberately slow; every demo account shares one password, so hash it once.
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    // The demo cases' deadlines count working days on the official calendar (the CLI may seed before the server ever started).
    await seedCalendar(db, clock.now());
    return await seedInTransaction(db, clock, { passwordHash, storage, publicUrl, inspectionMedia: media, fonts: options.fonts });
  } finally {
    await discardDemoInspectionMedia(await media);
  }
}

/** Everything of the demo in one transaction, under a lock, unless another process seeded meanwhile. */
async function seedInTransaction(
  db: Database,
  clock: Clock,
  options: { passwordHash: string; storage: FileStorage; publicUrl: string; inspectionMedia: DemoCaseServicesOptions['inspectionMedia']; fonts: (() => CjkFontSet) | undefined },
): Promise<SeedDemoResult> {
  const { passwordHash, storage, publicUrl } = options;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    const [existing] = await tx.select({ id: zones.id }).from(zones).where(eq(zones.code, MARKER_ZONE_CODE)).limit(1);
    if (existing) return NOTHING_SEEDED;

    const now = clock.now();
    const result: SeedDemoResult = { isCreated: true, zones: 0, departments: 0, enterprises: 0, users: 0, serviceItems: 0, cases: 0 };
    let markerEnterpriseIds = new Map<string, string>();
    const zoneIds = new Map<string, string>();
    const departmentIdsByZone = new Map<string, Map<string, string>>();
    for (const demoZone of DEMO_ZONES) {
      const [zone] = await tx
        .insert(zones)
        .values({ code: demoZone.code, nameZh: demoZone.nameZh, nameEn: demoZone.nameEn, createdAt: now })
        .returning({ id: zones.id });
      if (!zone) throw new Error(`Could not create zone ${demoZone.code}`);

      const departmentRows = await tx
        .insert(departments)
        .values(DEMO_DEPARTMENTS[demoZone.code].map((department) => ({ ...department, zoneId: zone.id, createdAt: now, updatedAt: now })))
        .returning({ id: departments.id, code: departments.code });
      const departmentIds = new Map(departmentRows.map((row) => [row.code, row.id]));
      zoneIds.set(demoZone.code, zone.id);
      departmentIdsByZone.set(demoZone.code, departmentIds);

      const enterpriseIds = new Map<string, string>();
      if (demoZone.code === MARKER_ZONE_CODE) {
        markerEnterpriseIds = enterpriseIds;
        for (const enterprise of DEMO_ENTERPRISES) {
          const [row] = await tx
            .insert(enterprises)
            .values({ zoneId: zone.id, name: enterprise.name, creditCode: enterprise.creditCode, createdAt: now })
            .returning({ id: enterprises.id });
          if (row) enterpriseIds.set(enterprise.key, row.id);
        }
      }

      const accounts = DEMO_ACCOUNTS.filter((account) => account.zoneCode === demoZone.code);
      for (const account of accounts) {
        const isApplicant = account.roles.includes('applicant');
        const departmentId = account.departmentCode === null ? null : departmentIds.get(account.departmentCode);
        if (departmentId === undefined) {
          throw new Error(
            `Demo account ${account.username} names department "${account.departmentCode}", which zone ${demoZone.code} lacks`,
          );
        }
        if (account.roles.some(isAdminRole) && account.totpSecret === null) {
          throw new Error(`Demo admin ${account.username} needs a TOTP secret: admins must use a second factor`);
        }
        const [user] = await tx
          .insert(users)
          .values({
            zoneId: zone.id,
            kind: isApplicant ? 'enterprise' : 'staff',
            username: account.username.toLowerCase(),
            displayName: account.displayName,
            departmentId,
            enterpriseId: isApplicant ? (enterpriseIds.get(APPLICANT_ENTERPRISE_KEY) ?? null) : null,
            // A fictional mobile number, so that the demo's applicant gets the text messages a real one would.
            phone: isApplicant ? DEMO_APPLICANT_PHONE : null,
            passwordHash,
            passwordChangedAt: now,
            totpSecret: account.totpSecret,
            totpEnabledAt: account.totpSecret === null ? null : now,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: users.id });
        if (!user) throw new Error(`Could not create demo account ${account.username}`);
        await tx.insert(userRoles).values(account.roles.map((role) => ({ userId: user.id, role })));
      }

      const counts = { departments: departmentRows.length, enterprises: enterpriseIds.size, users: accounts.length };
      await appendAuditEvent(
        tx,
        {
          zoneId: zone.id,
          actorName: 'system',
          action: 'system.seed_demo',
          targetType: 'zone',
          targetId: zone.id,
          outcome: 'success',
          details: { zoneCode: demoZone.code, ...counts },
        },
        clock,
      );
      result.zones += 1;
      result.departments += counts.departments;
      result.enterprises += counts.enterprises;
      result.users += counts.users;
    }
    // The partner zone accepts the agreed items for the marker zone (跨区通办).
    result.serviceItems = await seedDemoCatalogue(tx, zoneIds.get(MARKER_ZONE_CODE)!, departmentIdsByZone.get(MARKER_ZONE_CODE)!, zoneIds.get('fengxi') ?? null, now);
    const demoCases = await seedDemoCases(tx, clock, {
      zoneId: zoneIds.get(MARKER_ZONE_CODE)!,
      enterpriseIds: markerEnterpriseIds,
      passwordHash,
      services: { storage, publicUrl, inspectionMedia: options.inspectionMedia, ...(options.fonts ? { fonts: options.fonts } : {}) },
    });
    result.cases = demoCases.cases;
    result.users += demoCases.users;
    return result;
  });
}

/**
 * The demo accounts as printable lines — zone, role, user name, password and the TOTP secret of the
 * admins (to add to an authenticator app) — for `npm start` and `cli seed-demo` to show.
 */
export function describeDemoAccounts(): string[] {
  const zoneNames = new Map<string, string>(DEMO_ZONES.map((zone) => [zone.code, zone.nameZh]));
  const header = `${'zone'.padEnd(16)} ${'role'.padEnd(19)} ${'username'.padEnd(18)} ${'password'.padEnd(12)} TOTP secret`;
  const lines = [`Demo accounts (fictional people; every password is ${DEMO_PASSWORD}):`, `  ${header}`];
  for (const account of DEMO_ACCOUNTS) {
    const columns = [
      account.zoneCode.padEnd(16),
      account.roles.join(',').padEnd(19),
      account.username.padEnd(18),
      DEMO_PASSWORD.padEnd(12),
      account.totpSecret ?? '-',
    ];
    lines.push(`  ${columns.join(' ')}  ${zoneNames.get(account.zoneCode) ?? ''} ${account.displayName}`);
  }
  lines.push(`  Applicants of the other enterprises' demo cases (same password): ${DEMO_CASE_APPLICANTS.map((account) => account.username).join(', ')}`);
  return lines;
}
