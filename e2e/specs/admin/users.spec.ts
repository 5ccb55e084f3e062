import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount, NEW_USER_PASSWORD } from '../../fixtures/demo-accounts';

test('the system admin creates a user; the role picker keeps the three admin roles apart', async ({ page }) => {
  await apiSignIn(page.request, demoAccount('xy.sysadmin'));
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: '用户管理' })).toBeVisible();

  await page.getByRole('button', { name: '新建用户' }).click();
  const dialog = page.getByRole('dialog', { name: '新建用户' });
  const username = `e2e.user.${Date.now().toString(36)}`;
  await dialog.getByLabel('用户名').fill(username);
  await dialog.getByLabel('姓名').fill('测试用户');

  // antd draws the visible options apart from its accessible list box; each carries its title.
  await dialog.getByLabel('角色').click();
  const roleOption = (name: string) => page.locator('.ant-select-dropdown:visible').getByTitle(name, { exact: true });
  await roleOption('安全管理员').click();
  await expect(roleOption('系统管理员')).toHaveClass(/ant-select-item-option-disabled/);
  await expect(roleOption('审计管理员')).toHaveClass(/ant-select-item-option-disabled/);
  await roleOption('安全管理员').click();
  await expect(roleOption('系统管理员')).not.toHaveClass(/ant-select-item-option-disabled/);
  await roleOption('窗口受理人员').click();
  await dialog.getByLabel('角色').press('Escape');

  await dialog.getByLabel('初始密码').fill(NEW_USER_PASSWORD);
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('用户已创建')).toBeVisible();
  await expect(dialog).toBeHidden();

  await page.getByLabel('关键词').fill(username);
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.getByRole('row', { name: new RegExp(username.replace(/\./g, '\\.')) });
  await expect(row).toContainText('测试用户');
  await expect(row).toContainText('窗口受理人员');
  await expect(row).toContainText('正常');
});

test('a department that still has users cannot be deleted, and the page says why', async ({ page }) => {
  await apiSignIn(page.request, demoAccount('xy.sysadmin'));
  await page.goto('/admin/departments');
  const row = page.getByRole('row', { name: /service-center/ });
  await row.getByRole('button', { name: '删除' }).click();
  await page.getByRole('tooltip').getByRole('button', { name: '确定' }).click();
  await expect(page.getByText('该部门仍有用户，不能删除')).toBeVisible();
  await expect(row).toBeVisible();
});
