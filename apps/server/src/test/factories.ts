import { randomBytes } from 'node:crypto';
import type { Role, UserKind } from '@yuanqu/shared';
import type { Database } from '../db/client.js';
import { departments, enterprises, files, serviceItems, userRoles, users, zones } from '../db/schema.js';
import { hashPassword } from '../lib/password-hash.js';

/** A cheap scrypt cost for test accounts; verification reads the cost from the hash. */
const TEST_HASH_COST = { N: 1024, r: 8, p: 1 };
export const TEST_PASSWORD = 'Correct-Horse-42';
let testPasswordHash: Promise<string> | undefined;

function suffix(): string {
  return randomBytes(4).toString('hex');
}

export async function createZone(db: Database, overrides: Partial<typeof zones.$inferInsert> = {}) {
  const code = overrides.code ?? `zone-${suffix()}`;
  const [row] = await db.insert(zones).values({ code, nameZh: `测试园区${code}`, nameEn: `Test zone ${code}`, ...overrides }).returning();
  return row!;
}

export async function createDepartment(db: Database, zoneId: string, overrides: Partial<typeof departments.$inferInsert> = {}) {
  const code = overrides.code ?? `dept-${suffix()}`;
  const [row] = await db.insert(departments).values({ zoneId, code, nameZh: `部门${code}`, nameEn: `Department ${code}`, ...overrides }).returning();
  return row!;
}

export async function createEnterprise(db: Database, zoneId: string, overrides: Partial<typeof enterprises.$inferInsert> = {}) {
  const [row] = await db.insert(enterprises).values({ zoneId, name: `测试企业${suffix()}`, ...overrides }).returning();
  return row!;
}

export interface CreateUserOptions {
  zoneId: string;
  roles: Role[];
  username?: string;
  kind?: UserKind;
  password?: string;
  departmentId?: string | null;
  enterpriseId?: string | null;
  /** Enrols TOTP with this base32 secret. */
  totpSecret?: string;
  isDisabled?: boolean;
  passwordChangedAt?: Date;
  phone?: string;
}

export async function createUser(db: Database, options: CreateUserOptions) {
  const passwordHash =
    options.password === undefined
      ? await (testPasswordHash ??= hashPassword(TEST_PASSWORD, TEST_HASH_COST))
      : await hashPassword(options.password, TEST_HASH_COST);
  const [row] = await db
    .insert(users)
    .values({
      zoneId: options.zoneId,
      kind: options.kind ?? (options.roles.includes('applicant') ? 'enterprise' : 'staff'),
      username: (options.username ?? `user-${suffix()}`).toLowerCase(),
      displayName: `测试用户 ${options.roles.join('/')}`,
      departmentId: options.departmentId ?? null,
      enterpriseId: options.enterpriseId ?? null,
      passwordHash,
      passwordChangedAt: options.passwordChangedAt ?? new Date(),
      totpSecret: options.totpSecret ?? null,
      totpEnabledAt: options.totpSecret ? new Date() : null,
      isDisabled: options.isDisabled ?? false,
      phone: options.phone ?? null,
    })
    .returning();
  await db.insert(userRoles).values(options.roles.map((role) => ({ userId: row!.id, role })));
  return row!;
}

/** A stored file's record (the bytes are not needed by the case workflow). */
export async function createStoredFile(db: Database, zoneId: string, ownerId: string, detectedFormat = 'pdf', sizeBytes = 120_000) {
  const [row] = await db
    .insert(files)
    .values({
      zoneId,
      ownerId,
      originalName: `材料-${suffix()}.${detectedFormat}`,
      sizeBytes,
      sha256: randomBytes(32).toString('hex'),
      detectedFormat,
      mimeType: detectedFormat === 'pdf' ? 'application/pdf' : `image/${detectedFormat}`,
      storageKey: `test/${suffix()}${suffix()}`,
    })
    .returning();
  return row!;
}

/** A published service item of a department, with two materials and a small form. */
export async function createServiceItem(db: Database, zoneId: string, departmentId: string, overrides: Partial<typeof serviceItems.$inferInsert> = {}) {
  const [row] = await db
    .insert(serviceItems)
    .values({
      zoneId,
      departmentId,
      code: `T-${suffix()}`,
      nameZh: '测试事项',
      nameEn: 'Test item',
      kind: 'administrative_licence',
      legalBasis: '《测试条例》第一条',
      statutoryLimitDays: 20,
      committedLimitDays: 5,
      feeYuan: 0,
      materials: [
        { key: 'licence', nameZh: '营业执照', nameEn: 'Business licence', isRequired: true, form: 'copy', formats: ['pdf', 'jpg'], maxSizeMb: 10 },
        { key: 'plan', nameZh: '平面图', nameEn: 'Floor plan', isRequired: true, form: 'electronic', formats: ['pdf'], maxSizeMb: 10 },
      ],
      form: [
        { key: 'project_name', labelZh: '项目名称', labelEn: 'Project name', type: 'text', isRequired: true, maxLength: 50 },
        { key: 'area', labelZh: '面积', labelEn: 'Area', type: 'area', isRequired: false, min: 1 },
      ],
      needsInspection: false,
      inspectionChecklist: [],
      shotList: [],
      partnerZoneIds: [],
      isPublished: true,
      ...overrides,
    })
    .returning();
  return row!;
}

/**
 * A 2027 schedule for tests (the State Council had not published 2027's when these were written): the
 * 13 statutory days off on plausible dates, 1 January among them, nothing else in early January.
 */
export function testScheduleFor2027(source = 'test schedule') {
  const day = (date: string, nameZh: string, nameEn: string) => ({ date, nameZh, nameEn });
  return {
    source,
    holidays: [
      day('2027-01-01', '元旦', "New Year's Day"),
      ...['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'].map((date) => day(date, '春节', 'Spring Festival')),
      day('2027-04-05', '清明节', 'Qingming Festival'),
      ...['2027-05-01', '2027-05-02'].map((date) => day(date, '劳动节', 'Labour Day')),
      day('2027-06-09', '端午节', 'Dragon Boat Festival'),
      day('2027-09-15', '中秋节', 'Mid-Autumn Festival'),
      ...['2027-10-01', '2027-10-02', '2027-10-03'].map((date) => day(date, '国庆节', 'National Day')),
    ],
    makeUpWorkdays: [] as Array<{ date: string; nameZh: string; nameEn?: string }>,
  };
}
