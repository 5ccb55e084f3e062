import { sql } from 'drizzle-orm';
import type { Role } from '@yuanqu/shared';
import type { Database } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { countAuditSince } from '../audit/index.js';
import { countActiveSessions, countEnterprises, countLockedUsers, countUsers } from '../users/index.js';
import { countDepartments } from '../zones/index.js';

/** Start of the day in China Standard Time (UTC+8, no daylight saving), for "today" counts. */
function startOfChinaDay(now: Date): Date {
  const shifted = new Date(now.getTime() + 8 * 3_600_000);
  shifted.setUTCHours(0, 0, 0, 0);
  return new Date(shifted.getTime() - 8 * 3_600_000);
}

/** Counts a home page shows, chosen by role; every figure is read from the data, none invented. */
export function createHomeService(db: Database, clock: Clock) {
  return {
    async summarize(zoneId: string, roles: Role[], departmentId: string | null): Promise<Record<string, number>> {
      const now = clock.now();
      const today = startOfChinaDay(now);
      const counts: Record<string, number> = {};
      if (roles.includes('system_admin')) {
        counts.users = await countUsers(db, zoneId);
        counts.departments = await countDepartments(db, zoneId);
        counts.activeSessions = await countActiveSessions(db, zoneId, now);
      }
      if (roles.includes('security_admin')) {
        counts.lockedUsers = await countLockedUsers(db, zoneId, now);
        counts.failedSignInsToday = await countAuditSince(db, zoneId, today, 'failure', 'auth.');
        counts.activeSessions = await countActiveSessions(db, zoneId, now);
      }
      if (roles.includes('audit_admin')) {
        counts.auditEventsToday = await countAuditSince(db, zoneId, today);
        counts.deniedToday = await countAuditSince(db, zoneId, today, 'denied');
        counts.failedSignInsToday = await countAuditSince(db, zoneId, today, 'failure', 'auth.');
      }
      if (roles.some((role) => ['leader', 'investment_officer', 'project_officer'].includes(role))) {
        counts.enterprises = await countEnterprises(db, zoneId);
      }
      if (departmentId && !roles.includes('applicant')) {
        counts.colleagues = await countUsers(db, zoneId, sql`department_id = ${departmentId}`);
      }
      return counts;
    },
  };
}
