import type { Role } from '@yuanqu/shared';

/**
 * The fictional demo accounts, one per role (SPEC §11: no real officials' names). Printed at start
 * by `npm start` and used by the browser tests. The admin roles must use a second factor; their
 * TOTP secrets are fixed here so that a demo user can add them to an authenticator app.
 */
export interface DemoAccount {
  zoneCode: string;
  username: string;
  displayName: string;
  roles: Role[];
  departmentCode: string | null;
  /** Base32 TOTP secret enrolled at seeding, or null. */
  totpSecret: string | null;
}

/** Every demo account has this password. It passes the default password policy. */
export const DEMO_PASSWORD = 'Yuanqu#2026';

/** The demo applicants' mobile number: FICTIONAL (the 1380000xxxx range), the same as 峻凌电子's contact in the demo cases. */
export const DEMO_APPLICANT_PHONE = '13800000101';

export const DEMO_ZONES = [
  { code: 'xianyang-hitech', nameZh: '咸阳高新区', nameEn: 'Xianyang High-tech Zone' },
  { code: 'fengxi', nameZh: '西咸新区沣西新城', nameEn: 'Fengxi New City, Xixian New Area' },
] as const;

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { zoneCode: 'xianyang-hitech', username: 'xy.clerk', displayName: '王晓燕', roles: ['clerk'], departmentCode: 'service-center', totpSecret: null },
  { zoneCode: 'xianyang-hitech', username: 'xy.inspector', displayName: '李建国', roles: ['inspector'], departmentCode: 'service-center', totpSecret: null },
  { zoneCode: 'xianyang-hitech', username: 'xy.inspector2', displayName: '赵敏', roles: ['inspector'], departmentCode: 'service-center', totpSecret: null },
  { zoneCode: 'xianyang-hitech', username: 'xy.approver', displayName: '陈志强', roles: ['approver'], departmentCode: 'planning', totpSecret: null },
  { zoneCode: 'xianyang-hitech', username: 'xy.project', displayName: '刘洋', roles: ['project_officer'], departmentCode: 'construction', totpSecret: null },
  { zoneCode: 'xianyang-hitech', username: 'xy.investment', displayName: '孙丽', roles: ['investment_officer'], departmentCode: 'investment', totpSecret: null },
  { zoneCode: 'xianyang-hitech', username: 'xy.leader', displayName: '周文斌', roles: ['leader'], departmentCode: 'office', totpSecret: null },
  { zoneCode: 'xianyang-hitech', username: 'xy.sysadmin', displayName: '吴涛', roles: ['system_admin'], departmentCode: 'office', totpSecret: 'KRUGS4ZAONSWG4TFOQQHS5LBNZYXKMJQ' },
  { zoneCode: 'xianyang-hitech', username: 'xy.secadmin', displayName: '郑红', roles: ['security_admin'], departmentCode: 'office', totpSecret: 'MFZWIZTHNBVGW3DNNZXXA4LSON2HK5TW' },
  { zoneCode: 'xianyang-hitech', username: 'xy.auditor', displayName: '冯佳', roles: ['audit_admin'], departmentCode: 'office', totpSecret: 'OB2XG2DJNZTW65DIMVZGS3THNBQXE2LU' },
  { zoneCode: 'xianyang-hitech', username: 'junling.applicant', displayName: '黄海（峻凌电子）', roles: ['applicant'], departmentCode: null, totpSecret: null },
  { zoneCode: 'fengxi', username: 'fx.clerk', displayName: '何静', roles: ['clerk'], departmentCode: 'service-center', totpSecret: null },
  { zoneCode: 'fengxi', username: 'fx.sysadmin', displayName: '杨帆', roles: ['system_admin'], departmentCode: 'office', totpSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' },
  { zoneCode: 'fengxi', username: 'fx.auditor', displayName: '许诺', roles: ['audit_admin'], departmentCode: 'office', totpSecret: 'GE3TQOJQGEZDGNBVGY3TQOJQGEZDGNBV' },
];
