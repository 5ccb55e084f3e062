// The few API calls the benchmarks make outside autocannon: sign in, upload a file over tus, read
// an item, fill its form with answers the server accepts, and put an application together.

/** Signs in once; returns the headers that authenticate a request (cookie) and allow a write (CSRF). */
export async function signIn(baseUrl, username, password) {
  const response = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await response.json();
  if (response.status !== 200 || body.stage !== 'active')
    throw new Error(`sign-in of ${username} failed: ${response.status} ${JSON.stringify(body)}`);
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0])
    .find((pair) => pair.startsWith('yq_session='));
  if (!cookie) throw new Error(`sign-in of ${username} set no yq_session cookie`);
  return { user: body.user, headers: { cookie, 'x-csrf-token': body.csrfToken } };
}

export async function getJson(baseUrl, session, pathAndQuery) {
  const response = await fetch(`${baseUrl}${pathAndQuery}`, { headers: session.headers });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`GET ${pathAndQuery}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

export async function postJson(baseUrl, session, path, payload) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { ...session.headers, 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  const body = await response.json();
  if (response.status !== 200) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** A one-page PDF of a few hundred bytes; the server detects the type from the `%PDF` header. */
export function smallPdf(title) {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 18 Tf 72 760 Td (${title.replace(/[()\\]/g, '')}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let pdf = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((object, index) => {
    offsets.push(pdf.length);
    pdf += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** Uploads one file with tus (create, then one PATCH with all bytes); returns the stored file's id. */
export async function uploadFile(baseUrl, session, fileName, bytes) {
  const tus = { ...session.headers, 'tus-resumable': '1.0.0' };
  const created = await fetch(`${baseUrl}/api/uploads`, {
    method: 'POST',
    headers: { ...tus, 'upload-length': String(bytes.length), 'upload-metadata': `filename ${Buffer.from(fileName).toString('base64')}` },
  });
  const location = created.headers.get('location');
  if (created.status !== 201 || !location) throw new Error(`tus create: ${created.status} ${await created.text()}`);
  const patched = await fetch(new URL(location, baseUrl), {
    method: 'PATCH',
    headers: { ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: bytes,
  });
  const fileId = patched.headers.get('upload-file-id');
  if (patched.status !== 204 || !fileId) throw new Error(`tus patch: ${patched.status} ${await patched.text()}`);
  return fileId;
}

const CREDIT_CODE_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码: 17 characters plus the GB 32100-2015 check character. */
export function creditCodeOf(first17) {
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += CREDIT_CODE_CHARACTERS.indexOf(first17.charAt(index)) * CREDIT_CODE_WEIGHTS[index];
  return first17 + CREDIT_CODE_CHARACTERS.charAt((31 - (sum % 31)) % 31);
}

/** Answers every field of an item's form the way a careful applicant would (valid for submission). */
export function fillForm(form, today) {
  const answers = {};
  for (const field of form) {
    switch (field.type) {
      case 'number':
      case 'area':
        answers[field.key] = Math.max(field.min ?? 1, Math.min(field.max ?? 1200, 1200));
        break;
      case 'date':
        answers[field.key] = today;
        break;
      case 'phone':
        answers[field.key] = '13800000101';
        break;
      case 'credit_code':
        answers[field.key] = creditCodeOf('91610400MA6XJL017');
        break;
      case 'select':
        answers[field.key] = field.options?.[0]?.value ?? null;
        break;
      default:
        answers[field.key] = [...`性能测试 ${field.labelZh ?? field.key} 咸阳高新区中韩产业园`].slice(0, field.maxLength ?? 60).join('');
    }
  }
  return answers;
}

/**
 * What an applicant needs to apply for the item `itemCode`: two small PDFs uploaded over tus and given
 * to its required materials, its form filled for `today`, and the draft's body (JSON text).
 */
export async function prepareApplication(baseUrl, session, itemCode, today) {
  const fileIds = [
    await uploadFile(baseUrl, session, '营业执照.pdf', smallPdf('Business licence')),
    await uploadFile(baseUrl, session, '竣工验收报告.pdf', smallPdf('Completion acceptance report')),
  ];
  const catalogue = await getJson(baseUrl, session, '/api/service-items?pageSize=100');
  const itemSummary = catalogue.items.find((item) => item.code === itemCode);
  if (!itemSummary) throw new Error(`no published item ${itemCode} in the applicant's zone`);
  const item = await getJson(baseUrl, session, `/api/service-items/${itemSummary.id}`);
  const materials = {};
  for (const [index, material] of item.materials.filter((entry) => entry.isRequired).entries()) {
    if (!material.formats.includes('pdf'))
      throw new Error(`material ${material.key} of ${itemCode} does not take a PDF; choose another BENCH_ITEM_CODE`);
    materials[material.key] = fileIds[index % fileIds.length];
  }
  return { item, materials, draftBody: JSON.stringify({ serviceItemId: item.id, formData: fillForm(item.form, today), materials }) };
}
