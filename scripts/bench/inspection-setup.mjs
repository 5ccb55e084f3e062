// The inspections `npm run bench:inspection` runs its live sessions in, made through the real API on
// the demo data: the demo applicant (junling.applicant) applies for an item that needs a site
// inspection (XYGX-GH-002 建设工程规划条件核实 by default) with its form filled and two small PDFs
// as materials, the demo clerk (xy.clerk) accepts the case (it moves to 踏勘), takes the proposed slot
// and books it, and reads the applicant's invitation link (the phone's token).
import { getJson, postJson, prepareApplication, signIn } from './api-client.mjs';

export const DEMO_PASSWORD = 'Yuanqu#2026';
/** A fictional site in 咸阳高新区 (the same as the e2e specs'). */
const SITE = { siteAddress: '咸阳高新区高新一路 8 号 峻凌电子二期厂房', siteLatitude: 34.3106, siteLongitude: 108.6742 };
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Books `count` inspections, each on a case of its own.
 * @returns {Promise<Array<{ inspectionId: string, caseId: string, caseNumber: string | null, token: string, slotStart: string, inspectorIds: string[] }>>}
 */
export async function bookInspections(baseUrl, { count, itemCode = 'XYGX-GH-002', log = () => undefined }) {
  const applicant = await signIn(baseUrl, 'junling.applicant', DEMO_PASSWORD);
  const clerk = await signIn(baseUrl, 'xy.clerk', DEMO_PASSWORD);
  const { item, draftBody } = await prepareApplication(baseUrl, applicant, itemCode, chinaToday());
  if (!item.needsInspection) throw new Error(`${itemCode} does not need a site inspection`);
  const booked = [];
  for (let index = 0; index < count; index += 1) {
    const draft = await postJson(baseUrl, applicant, '/api/cases', JSON.parse(draftBody));
    const submitted = await postJson(baseUrl, applicant, `/api/cases/${draft.id}/submit`, { version: draft.version });
    const accepted = await postJson(baseUrl, clerk, `/api/cases/${draft.id}/accept`, { version: submitted.version });
    if (accepted.status !== 'inspection') throw new Error(`case ${draft.id} is ${accepted.status} after acceptance, not inspection`);
    const proposal = await getJson(baseUrl, clerk, `/api/cases/${draft.id}/inspection-proposal`);
    const inspectorIds = proposal.inspectors.map((inspector) => inspector.id);
    const inspection = await postJson(baseUrl, clerk, '/api/inspections', {
      caseId: draft.id,
      slotStart: proposal.start,
      inspectorIds,
      ...SITE,
    });
    const { url } = await getJson(baseUrl, clerk, `/api/inspections/${inspection.id}/invitation`);
    const token = /\/inspect\/(.+)$/.exec(new URL(url).pathname)?.[1];
    if (!token) throw new Error(`no token in the invitation link ${url}`);
    booked.push({
      inspectionId: inspection.id,
      caseId: draft.id,
      caseNumber: submitted.number ?? null,
      token: decodeURIComponent(token),
      slotStart: inspection.slotStart,
      inspectorIds,
    });
    log(`booked inspection ${index + 1}/${count}: case ${submitted.number ?? draft.id}, slot ${inspection.slotStart}`);
  }
  return booked;
}

/** Signs the two demo inspectors in (xy.inspector, xy.inspector2); their cookies go into the inspectors' browser contexts. */
export async function signInInspectors(baseUrl) {
  return [await signIn(baseUrl, 'xy.inspector', DEMO_PASSWORD), await signIn(baseUrl, 'xy.inspector2', DEMO_PASSWORD)];
}
