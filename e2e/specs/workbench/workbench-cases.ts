import { expect, type APIRequest, type APIRequestContext } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';

/**
 * Cases for the workbench specs, made through the API as the demo applicant (junling.applicant):
 * materials go up through tus (/api/uploads, creation-with-upload in one request), then the draft
 * is created and submitted. Staff steps that a spec does not test in the browser go through the
 * API too.
 */

/** The demo enterprise's credit code (峻凌电子, fictional but well-formed, from the demo seed). */
const JUNLING_CREDIT_CODE = '91610400MA6XJL017A';

/** The mobile number the specs give the demo applicant, so that the case SMS are queued. */
export const APPLICANT_PHONE = '13800000001';

/** 建设工程规划许可证核发: the planning bureau's item, decided by xy.approver, no site inspection. */
export const PLANNING_PERMIT = 'XYGX-GH-001';

export interface ApiClient {
  request: APIRequestContext;
  csrfToken: string;
}

export interface SubmittedCase {
  id: string;
  number: string;
  version: number;
}

/** A request context of its own, signed in as the demo account. */
export async function signedInClient(requests: APIRequest, baseURL: string | undefined, username: string): Promise<ApiClient> {
  const request = await requests.newContext({ baseURL });
  const session = await apiSignIn(request, demoAccount(username));
  return { request, csrfToken: session.csrfToken };
}

async function post(client: ApiClient, url: string, data: unknown) {
  const response = await client.request.post(url, { data, headers: { 'x-csrf-token': client.csrfToken } });
  expect(response.status(), `${url}: ${await response.text()}`).toBe(200);
  return response.json();
}

/** A small PDF, different each time (its SHA-256 too). */
function samplePdf(label: string): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj<<>>endobj\n% ${label} ${Date.now()} ${Math.random()}\ntrailer<<>>\n%%EOF\n`);
}

/** Uploads a file through tus in one request and returns its id. */
export async function uploadPdf(client: ApiClient, fileName: string): Promise<string> {
  const body = samplePdf(fileName);
  const response = await client.request.post('/api/uploads', {
    data: body,
    headers: {
      'x-csrf-token': client.csrfToken,
      'tus-resumable': '1.0.0',
      'upload-length': String(body.length),
      'upload-metadata': `filename ${Buffer.from(fileName).toString('base64')}`,
      'content-type': 'application/offset+octet-stream',
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  const fileId = response.headers()['upload-file-id'];
  expect(fileId, 'the upload is complete and stored').toBeTruthy();
  return fileId ?? '';
}

interface ServiceItemDetail {
  id: string;
  code: string;
  materials: Array<{ key: string; nameZh: string; isRequired: boolean }>;
  form: Array<{ key: string; type: string; options?: Array<{ value: string }> }>;
}

async function findItem(client: ApiClient, code: string): Promise<ServiceItemDetail> {
  const list = (await (await client.request.get('/api/service-items', { params: { pageSize: 100 } })).json()) as {
    items: Array<{ id: string; code: string }>;
  };
  const summary = list.items.find((item) => item.code === code);
  if (!summary) throw new Error(`No service item ${code} in the demo catalogue`);
  return (await (await client.request.get(`/api/service-items/${summary.id}`)).json()) as ServiceItemDetail;
}

/** Answers for every field of the item's form, valid for the server's checks. */
function answersFor(item: ServiceItemDetail, projectName: string): Record<string, string | number> {
  const answers: Record<string, string | number> = {};
  for (const field of item.form) {
    answers[field.key] =
      field.key === 'enterprise_name'
        ? '峻凌电子(咸阳)有限公司'
        : field.key === 'project_name'
          ? projectName
          : field.key === 'contact_name'
            ? '黄海'
            : field.type === 'credit_code'
              ? JUNLING_CREDIT_CODE
              : field.type === 'phone'
                ? APPLICANT_PHONE
                : field.type === 'number' || field.type === 'area'
                  ? 12000
                  : field.type === 'date'
                    ? '2026-12-01'
                    : field.type === 'select'
                      ? (field.options?.[0]?.value ?? '')
                      : '咸阳高新区星火大道 1 号';
  }
  return answers;
}

/** Applies for the item with every required material, and submits; returns the case with its number. */
export async function submitCase(applicant: ApiClient, itemCode: string, projectName: string): Promise<SubmittedCase> {
  const item = await findItem(applicant, itemCode);
  const materials: Record<string, string> = {};
  for (const material of item.materials.filter((candidate) => candidate.isRequired)) {
    materials[material.key] = await uploadPdf(applicant, `${material.nameZh}.pdf`);
  }
  const draft = (await post(applicant, '/api/cases', {
    serviceItemId: item.id,
    formData: answersFor(item, projectName),
    materials,
  })) as SubmittedCase;
  const submitted = (await post(applicant, `/api/cases/${draft.id}/submit`, { version: draft.version })) as SubmittedCase;
  expect(submitted.number).toMatch(/-\d{6}$/);
  return submitted;
}

/** The applicant answers the correction notice: a new file for each deficient material, new form answers. */
export async function resubmitCase(applicant: ApiClient, caseId: string, itemCode: string, projectName: string): Promise<SubmittedCase> {
  const item = await findItem(applicant, itemCode);
  const current = (await (await applicant.request.get(`/api/cases/${caseId}`)).json()) as {
    version: number;
    materials: Array<{ materialKey: string; fileId: string }>;
    correction: { deficiencies: Array<{ target: string }> } | null;
  };
  const deficient = new Set((current.correction?.deficiencies ?? []).map((deficiency) => deficiency.target));
  const materials: Record<string, string> = {};
  for (const material of current.materials) {
    materials[material.materialKey] = deficient.has(material.materialKey)
      ? await uploadPdf(applicant, `${material.materialKey}-corrected.pdf`)
      : material.fileId;
  }
  return (await post(applicant, `/api/cases/${caseId}/resubmit`, {
    version: current.version,
    formData: answersFor(item, projectName),
    materials,
  })) as SubmittedCase;
}

/** A staff step through the API (for the steps a spec does not take in the browser). */
export async function actOnCase(
  staff: ApiClient,
  caseId: string,
  path: string,
  body: Record<string, unknown>,
): Promise<SubmittedCase & { status: string }> {
  const current = (await (await staff.request.get(`/api/cases/${caseId}`)).json()) as { version: number };
  return (await post(staff, `/api/cases/${caseId}/${path}`, { version: current.version, ...body })) as SubmittedCase & { status: string };
}

/**
 * Gives the demo applicant a mobile number (the demo seed has none), so that the case steps queue
 * their SMS. Done by the system admin, with the second factor.
 */
export async function ensureApplicantPhone(requests: APIRequest, baseURL: string | undefined): Promise<void> {
  const admin = await signedInClient(requests, baseURL, 'xy.sysadmin');
  try {
    const list = (await (await admin.request.get('/api/users', { params: { q: 'junling.applicant' } })).json()) as {
      items: Array<{ id: string; username: string; phone: string | null }>;
    };
    const applicant = list.items.find((user) => user.username === 'junling.applicant');
    if (!applicant) throw new Error('The demo applicant junling.applicant is missing');
    if (applicant.phone) return;
    const response = await admin.request.patch(`/api/users/${applicant.id}`, {
      data: { phone: APPLICANT_PHONE },
      headers: { 'x-csrf-token': admin.csrfToken },
    });
    expect(response.status(), await response.text()).toBe(200);
  } finally {
    await admin.request.dispose();
  }
}
