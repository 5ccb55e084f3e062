import { expect, type APIRequestContext } from '@playwright/test';

/**
 * Small real files for uploads, made here so that the server's content check sees real formats.
 * A one-page PDF with a valid cross-reference table.
 */
export function pdfBytes(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${`BT /F1 18 Tf 72 760 Td (${text}) Tj ET`.length} >>\nstream\nBT /F1 18 Tf 72 760 Td (${text}) Tj ET\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(Buffer.byteLength(body));
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A 1×1 PNG (a format the platform takes, but not every material does). */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A valid 统一社会信用代码 (its check character is right). */
export const CREDIT_CODE = '91350100M000100Y43';

export interface ServiceItemRef {
  id: string;
  code: string;
  nameZh: string;
  nameEn: string;
}

/** A catalogue item of the signed-in user's zone by its code. */
export async function findItem(request: APIRequestContext, code: string): Promise<ServiceItemRef> {
  const response = await request.get(`/api/service-items?q=${encodeURIComponent(code)}&pageSize=10`);
  expect(response.status()).toBe(200);
  const { items } = (await response.json()) as { items: ServiceItemRef[] };
  const item = items.find((candidate) => candidate.code === code);
  if (!item) throw new Error(`No catalogue item ${code} in the demo data`);
  return item;
}

/** Uploads a file in one tus request (creation with upload); gives the file id. */
export async function apiUpload(request: APIRequestContext, csrfToken: string, name: string, bytes: Buffer): Promise<string> {
  const response = await request.post('/api/uploads', {
    headers: {
      'x-csrf-token': csrfToken,
      'tus-resumable': '1.0.0',
      'upload-length': String(bytes.length),
      'upload-metadata': `filename ${Buffer.from(name).toString('base64')}`,
      'content-type': 'application/offset+octet-stream',
    },
    data: bytes,
  });
  const fileId = response.headers()['upload-file-id'];
  expect(fileId, `${response.status()} ${await response.text()}`).toBeTruthy();
  return fileId!;
}

export interface CaseReply {
  id: string;
  number: string | null;
  status: string;
  version: number;
}

/** Calls a JSON write of the API and expects it to succeed. */
export async function apiWrite<T>(request: APIRequestContext, csrfToken: string, path: string, body: unknown): Promise<T> {
  const response = await request.post(path, { data: body, headers: { 'x-csrf-token': csrfToken } });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as T;
}

/** 建设用地规划许可证核发 (XYGX-GH-003, the planning bureau, no inspection), submitted through the API. */
export async function apiSubmitPlanningCase(request: APIRequestContext, csrfToken: string, projectName: string): Promise<CaseReply> {
  const item = await findItem(request, 'XYGX-GH-003');
  const materials = {
    business_licence: await apiUpload(request, csrfToken, '营业执照.pdf', pdfBytes('licence')),
    land_contract: await apiUpload(request, csrfToken, '土地出让合同.pdf', pdfBytes('contract')),
    red_line: await apiUpload(request, csrfToken, '红线图.pdf', pdfBytes('red line')),
  };
  const formData = {
    enterprise_name: '峻凌电子(咸阳)有限公司',
    credit_code: CREDIT_CODE,
    contact_name: '黄海',
    contact_phone: '13800138000',
    project_name: projectName,
    land_area: 32000,
  };
  const draft = await apiWrite<CaseReply>(request, csrfToken, '/api/cases', { serviceItemId: item.id, formData, materials });
  return apiWrite<CaseReply>(request, csrfToken, `/api/cases/${draft.id}/submit`, { version: draft.version });
}
