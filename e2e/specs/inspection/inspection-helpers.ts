import { expect, type APIRequest, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';

/** The site the specs register: 咸阳高新区, fictional address, the phone is placed 30–40 m from it. */
export const SITE = { address: '咸阳高新区高新一路 8 号 峻凌电子二期厂房', latitude: 34.3106, longitude: 108.6742 };
export const NEAR_SITE = { latitude: 34.3109, longitude: 108.6744, accuracy: 15 };

interface Client {
  request: APIRequestContext;
  csrfToken: string;
}

async function clerk(requests: APIRequest, baseURL: string | undefined): Promise<Client> {
  const request = await requests.newContext({ baseURL });
  const session = await apiSignIn(request, demoAccount('xy.clerk'));
  return { request, csrfToken: session.csrfToken };
}

async function getJson<T>(client: Client, url: string): Promise<T> {
  const response = await client.request.get(url);
  expect(response.status(), `${url}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

/**
 * An invitation link of an open inspection: the one booked already (by the booking spec) or one
 * booked now through the API for the demo case waiting at the inspection step.
 */
export async function invitationPath(requests: APIRequest, baseURL: string | undefined): Promise<string> {
  const client = await clerk(requests, baseURL);
  try {
    const inspections = await getJson<Array<{ id: string; status: string }>>(client, '/api/inspections');
    let open = inspections.find((inspection) => ['scheduled', 'live', 'interrupted'].includes(inspection.status));
    if (!open) {
      const queue = await getJson<{ items: Array<{ id: string }> }>(client, '/api/cases?status=inspection');
      const caseId = queue.items[0]?.id;
      expect(caseId, 'the demo data has a case waiting for its inspection').toBeTruthy();
      const proposal = await getJson<{ start: string; inspectors: Array<{ id: string }> }>(
        client,
        `/api/cases/${caseId}/inspection-proposal`,
      );
      const booked = await client.request.post('/api/inspections', {
        data: {
          caseId,
          slotStart: proposal.start,
          inspectorIds: proposal.inspectors.map((inspector) => inspector.id),
          siteAddress: SITE.address,
          siteLatitude: SITE.latitude,
          siteLongitude: SITE.longitude,
        },
        headers: { 'x-csrf-token': client.csrfToken },
      });
      expect(booked.status(), await booked.text()).toBe(200);
      open = (await booked.json()) as { id: string; status: string };
    }
    const { url } = await getJson<{ url: string }>(client, `/api/inspections/${open.id}/invitation`);
    return new URL(url).pathname;
  } finally {
    await client.request.dispose();
  }
}

/** Opens the phone's link as the applicant's phone does: straight from the text message. */
export async function openInvitation(_context: BrowserContext, page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status()).toBe(200);
}
