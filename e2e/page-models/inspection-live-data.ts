import { expect, type APIRequest, type APIRequestContext } from '@playwright/test';
import type { Inspection, InspectionTimeline, InspectionTimelineEvent, LiveSessionState } from '@yuanqu/shared';
import { apiSignIn } from '../fixtures/api';
import { demoAccount } from '../fixtures/demo-accounts';
import { SITE } from '../specs/inspection/inspection-helpers';
import { apiUpload, apiWrite, CREDIT_CODE, findItem, pdfBytes, type CaseReply } from '../specs/applicant/applicant-helpers';

/** A remote inspection booked for the live-session spec, with what the spec needs to drive it. */
export interface BookedInspection {
  id: string;
  caseNumber: string;
  slotStart: string;
  /** `/inspect/<token>`: the link of the text message. */
  invitationPath: string;
  inspection: Inspection;
}

export async function getJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const response = await request.get(url);
  expect(response.status(), `${url}: ${await response.text()}`).toBe(200);
  return (await response.json()) as T;
}

async function signedIn(requests: APIRequest, baseURL: string | undefined, username: string) {
  const request = await requests.newContext({ baseURL });
  const { csrfToken } = await apiSignIn(request, demoAccount(username));
  return { request, csrfToken };
}

/**
 * A case of its own at the inspection step, booked through the API: the applicant submits a
 * 建设工程规划条件核实 (XYGX-GH-002, needs a site inspection), the clerk accepts it and books the
 * proposed slot with both inspectors at the registered site. The demo's own case waiting for its
 * inspection is left to the booking and phone pre-check specs.
 */
export async function bookLiveInspection(
  requests: APIRequest,
  baseURL: string | undefined,
  projectName: string,
): Promise<BookedInspection> {
  const applicant = await signedIn(requests, baseURL, 'junling.applicant');
  const clerk = await signedIn(requests, baseURL, 'xy.clerk');
  try {
    const item = await findItem(applicant.request, 'XYGX-GH-002');
    const upload = (name: string) => apiUpload(applicant.request, applicant.csrfToken, name, pdfBytes(name));
    const draft = await apiWrite<CaseReply>(applicant.request, applicant.csrfToken, '/api/cases', {
      serviceItemId: item.id,
      formData: {
        enterprise_name: '峻凌电子(咸阳)有限公司',
        credit_code: CREDIT_CODE,
        contact_name: '黄海',
        contact_phone: '13800138000',
        project_name: projectName,
        permit_number: '建字第610400202600123号',
      },
      materials: {
        business_licence: await upload('licence.pdf'),
        planning_permit: await upload('planning-permit.pdf'),
        as_built_survey: await upload('as-built-survey.pdf'),
      },
    });
    const submitted = await apiWrite<CaseReply>(applicant.request, applicant.csrfToken, `/api/cases/${draft.id}/submit`, {
      version: draft.version,
    });
    const accepted = await apiWrite<CaseReply>(clerk.request, clerk.csrfToken, `/api/cases/${submitted.id}/accept`, {
      version: submitted.version,
    });
    expect(accepted.status).toBe('inspection');

    const proposal = await getJson<{ start: string; inspectors: Array<{ id: string }> }>(
      clerk.request,
      `/api/cases/${accepted.id}/inspection-proposal`,
    );
    const booked = await apiWrite<Inspection>(clerk.request, clerk.csrfToken, '/api/inspections', {
      caseId: accepted.id,
      slotStart: proposal.start,
      inspectorIds: proposal.inspectors.map((inspector) => inspector.id),
      siteAddress: SITE.address,
      siteLatitude: SITE.latitude,
      siteLongitude: SITE.longitude,
    });
    const { url } = await getJson<{ url: string }>(clerk.request, `/api/inspections/${booked.id}/invitation`);
    expect(booked.caseNumber).toBe(accepted.number);
    return {
      id: booked.id,
      caseNumber: booked.caseNumber ?? '',
      slotStart: booked.slotStart,
      invitationPath: new URL(url).pathname,
      inspection: booked,
    };
  } finally {
    await applicant.request.dispose();
    await clerk.request.dispose();
  }
}

/** GET /api/inspections/:id/timeline as a signed-in inspector. */
export function getTimeline(request: APIRequestContext, inspectionId: string): Promise<InspectionTimeline> {
  return getJson<InspectionTimeline>(request, `/api/inspections/${inspectionId}/timeline`);
}

/** GET /api/inspections/:id/live-state as a signed-in inspector. */
export function getLiveState(request: APIRequestContext, inspectionId: string): Promise<LiveSessionState> {
  return getJson<LiveSessionState>(request, `/api/inspections/${inspectionId}/live-state`);
}

/** The timeline's events of one kind. */
export function eventsOf<K extends InspectionTimelineEvent['kind']>(
  timeline: InspectionTimeline,
  kind: K,
): Array<Extract<InspectionTimelineEvent, { kind: K }>> {
  return timeline.events.filter((event): event is Extract<InspectionTimelineEvent, { kind: K }> => event.kind === kind);
}
