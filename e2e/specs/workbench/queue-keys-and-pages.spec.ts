import { expect, test, type Page } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { WorkbenchQueuePage } from '../../page-models/workbench-queue-page';

test.beforeEach(async ({ page }) => {
  await apiSignIn(page.request, demoAccount('xy.clerk'));
});

/** The rows of cases (the empty table's placeholder row is a row too). */
function caseRows(queue: WorkbenchQueuePage) {
  return queue.rows.filter({ hasText: /[A-Z]+-\d{4}-\d{6}/ });
}

function focusedId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.id ?? null);
}

test('/ jumps to the keyword search from the page, and is typed as it is inside a field', async ({ page }) => {
  const queue = new WorkbenchQueuePage(page);
  await queue.goto();
  const keyword = page.getByLabel('关键词', { exact: true });
  const department = page.getByLabel('承办部门', { exact: true });
  await expect(keyword).toBeVisible();

  // From the page (nothing focused): the search takes the focus, and no "/" lands in it.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  expect(await focusedId(page)).toBe('');
  await page.keyboard.press('/');
  await expect(keyword).toBeFocused();
  await expect(keyword).toHaveValue('');

  // In the search box a "/" is text, as in a typed number like XH/2026.
  await page.keyboard.type('XH/2026');
  await expect(keyword).toHaveValue('XH/2026');
  await expect(keyword).toBeFocused();

  // In another field (the department's search) the key stays there: no jump, nothing added to the keyword.
  await department.click();
  await page.keyboard.press('/');
  expect(await focusedId(page)).toBe('departmentId');
  await expect(keyword).toHaveValue('XH/2026');
  await page.keyboard.press('Escape');

  // From a row of the queue (focused for the arrow keys): the search takes the focus with its text selected.
  await caseRows(queue).first().focus();
  await page.keyboard.press('/');
  await expect(keyword).toBeFocused();
  await expect(keyword).toHaveValue('XH/2026');
  await page.keyboard.type('XH-2026');
  await expect(keyword).toHaveValue('XH-2026');
});

test('a page past the end of the queue turns to its last page', async ({ page }) => {
  const queue = new WorkbenchQueuePage(page);

  // A link to page 99 of a short list: the first and only page, and the URL says so.
  await queue.goto('?page=99');
  await expect(caseRows(queue).first()).toBeVisible();
  await expect(page).not.toHaveURL(/[?&]page=/);

  // A filtered list that fits one page, opened past its end.
  await queue.goto('?status=under_review&page=7');
  await expect(page).toHaveURL(/\?status=under_review$/);
  await expect(caseRows(queue).first()).toBeVisible();
  await expect(caseRows(queue)).toHaveCount(await queue.countOnTab('审查中'));

  // A page number no queue reaches (the server refuses such an offset) still ends on the last page.
  await queue.goto('?page=99999999999');
  await expect(caseRows(queue).first()).toBeVisible();
  await expect(page).not.toHaveURL(/[?&]page=/);
});

test('when the list shrinks under a later page, the queue goes to the new last page', async ({ page }) => {
  // The demo queue fits on one page; here the server's answers say 45 cases (three pages of 20),
  // with the real rows, so that the clamp has a last page other than the first.
  const asked: number[] = [];
  await page.route(/\/api\/cases\?/, async (route) => {
    const url = new URL(route.request().url());
    const pageAsked = Number(url.searchParams.get('page') ?? 1);
    asked.push(pageAsked);
    url.searchParams.set('page', '1');
    const reply = (await (await route.fetch({ url: url.toString() })).json()) as { items: unknown[]; total: number; page: number };
    await route.fulfill({ json: { ...reply, items: pageAsked <= 3 ? reply.items : [], total: 45, page: pageAsked } });
  });
  const queue = new WorkbenchQueuePage(page);
  await queue.goto('?page=5');
  await expect(page).toHaveURL(/[?&]page=3$/);
  await expect(caseRows(queue).first()).toBeVisible();
  await expect(page.locator('.ant-pagination-item-active')).toHaveText('3');
  expect(asked.slice(0, 2)).toEqual([5, 3]);
});
