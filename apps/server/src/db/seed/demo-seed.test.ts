import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, count, eq } from 'drizzle-orm';
import { ADMIN_ROLES, ROLES } from '@yuanqu/shared';
import { createFixedClock } from '../../lib/clock.js';
import { verifyPassword } from '../../lib/password-hash.js';
import { verifyAuditChain } from '../../modules/audit/index.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { auditEvents, departments, enterprises, userRoles, users, zones } from '../schema.js';
import { DEMO_CATALOGUE } from '../../modules/catalogue/index.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.js';
import { computeCreditCodeCheckCharacter, DEMO_ENTERPRISES, describeDemoAccounts, isValidCreditCode, seedDemoData } from './demo-seed.js';

describe('demo seed', () => {
  let database: TestDatabase;
  const clock = createFixedClock('2026-02-23T01:00:00.000Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    const result = await seedDemoData(database.db, clock);
    expect(result).toEqual({
      isCreated: true,
      zones: 2,
      departments: 10,
      enterprises: DEMO_ENTERPRISES.length,
      users: DEMO_ACCOUNTS.length,
      serviceItems: DEMO_CATALOGUE.length,
    });
  });
  afterAll(async () => {
    await database.close();
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
    expect(rows).toHaveLength(DEMO_ACCOUNTS.length);
    const [first] = rows;
    expect(await verifyPassword(DEMO_PASSWORD, first?.passwordHash ?? '')).toBe(true);
    expect(await verifyPassword('wrong password', first?.passwordHash ?? '')).toBe(false);
  });

  it('makes the applicant an enterprise account of 峻凌电子, and staff members of their departments', async () => {
    const rows = await database.db
      .select({ username: users.username, kind: users.kind, enterprise: enterprises.name, department: departments.code })
      .from(users)
      .leftJoin(enterprises, eq(enterprises.id, users.enterpriseId))
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .orderBy(asc(users.username));
    expect(rows.find((row) => row.username === 'junling.applicant')).toEqual({
      username: 'junling.applicant',
      kind: 'enterprise',
      enterprise: '峻凌电子(咸阳)有限公司',
      department: null,
    });
    for (const account of DEMO_ACCOUNTS.filter((candidate) => candidate.departmentCode !== null)) {
      expect(rows.find((row) => row.username === account.username)).toEqual({
        username: account.username,
        kind: 'staff',
        enterprise: null,
        department: account.departmentCode,
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

  it('writes one intact system.seed_demo audit record per zone', async () => {
    const rows = await database.db
      .select({ action: auditEvents.action, zone: zones.code })
      .from(auditEvents)
      .innerJoin(zones, eq(zones.id, auditEvents.zoneId))
      .orderBy(asc(auditEvents.seq));
    expect(rows).toEqual([
      { action: 'system.seed_demo', zone: 'xianyang-hitech' },
      { action: 'system.seed_demo', zone: 'fengxi' },
    ]);
    expect(await verifyAuditChain(database.db)).toEqual({ checked: 2, isIntact: true, problems: [] });
  });

  it('does nothing the second time', async () => {
    const totals = async (): Promise<number[]> =>
      Promise.all(
        [zones, departments, enterprises, users, userRoles, auditEvents].map(async (table) => {
          const [row] = await database.db.select({ total: count() }).from(table);
          return row?.total ?? 0;
        }),
      );
    const before = await totals();

    const again = await seedDemoData(database.db, clock);

    expect(again.isCreated).toBe(false);
    expect(await totals()).toEqual(before);
    expect(before).toEqual([2, 10, DEMO_ENTERPRISES.length, DEMO_ACCOUNTS.length, DEMO_ACCOUNTS.length, 2]);
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
  });
});
