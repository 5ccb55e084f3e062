import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { AppShell } from '../../page-models/app-shell';
import { AuditLogPage } from '../../page-models/audit-log-page';

test('the audit admin sees sign-in records, verifies the chain and can export the filtered log', async ({ page, playwright, baseURL }) => {
  // A sign-in by someone else in the same zone, so the record is this test's own.
  const clerkContext = await playwright.request.newContext({ baseURL });
  await apiSignIn(clerkContext, demoAccount('xy.clerk'));
  await clerkContext.dispose();

  await apiSignIn(page.request, demoAccount('xy.auditor'));
  await page.goto('/');
  await new AppShell(page).menuItem('审计日志').click();
  const auditLog = new AuditLogPage(page);
  await expect(page.getByRole('heading', { name: '审计日志' })).toBeVisible();

  await auditLog.filterByAction('auth.sign_in');
  const clerkSignIn = auditLog.rows.filter({ hasText: '王晓燕' }).first();
  await expect(clerkSignIn).toContainText('登录');
  await expect(clerkSignIn).toContainText('auth.sign_in');
  await expect(clerkSignIn).toContainText('成功');
  await expect(auditLog.rows.filter({ hasNotText: 'auth.sign_in' })).toHaveCount(0);

  await expect(auditLog.exportLink).toHaveAttribute('href', /\/api\/audit-events\/export\.csv\?action=auth\.sign_in/);

  await auditLog.verifyButton.click();
  await expect(page.getByText('审计日志完整')).toBeVisible();
});

test('other roles cannot open the audit log', async ({ page }) => {
  await apiSignIn(page.request, demoAccount('xy.leader'));
  await page.goto('/admin/audit');
  await expect(page.getByText('您没有权限进行此操作')).toBeVisible();
  const reply = await page.request.get('/api/audit-events');
  expect(reply.status()).toBe(403);
});
