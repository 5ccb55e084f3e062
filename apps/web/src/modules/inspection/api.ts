import type {
  BookInspectionBody,
  CaseDetail,
  CaseQueue,
  ConcludeInspectionBody,
  ConfirmInspectionBody,
  Inspection,
  InspectionReasonBody,
  InspectionTimeline,
  LiveConfig,
  LiveSessionState,
  LiveSnapshot,
  ListInspectionsQuery,
  LocationFixBody,
  LocationVerdictValue,
  PhoneInspection,
  RescheduleInspectionBody,
  SlotProposal,
} from '@yuanqu/shared';
import { ApiError, http } from '../../app/http';

const inspectionPath = (id: string) => `/api/inspections/${encodeURIComponent(id)}`;
const phonePath = (token: string) => `/api/public/inspections/${encodeURIComponent(token)}`;

/** 踏勘预约: the earliest slot with two free inspectors that keeps the case inside its deadline. */
export function getSlotProposal(caseId: string): Promise<SlotProposal> {
  return http.get<SlotProposal>(`/api/cases/${encodeURIComponent(caseId)}/inspection-proposal`);
}

/** The earliest free slots (two free inspectors each) inside the deadline, to move the inspection to. */
export function getFreeSlots(caseId: string, limit = 6): Promise<SlotProposal[]> {
  return http.get<SlotProposal[]>(`/api/cases/${encodeURIComponent(caseId)}/inspection-slots?limit=${limit}`);
}

/** Cases at the inspection step (踏勘), to see which still need a booking. */
export function listCasesAtInspection(): Promise<CaseQueue> {
  return http.get<CaseQueue>('/api/cases', { query: { status: 'inspection', pageSize: 100 } });
}

/** A case with its form answers (the site's address is often among them). */
export function getCaseForBooking(caseId: string): Promise<CaseDetail> {
  return http.get<CaseDetail>(`/api/cases/${encodeURIComponent(caseId)}`);
}

/** Books the inspection; the server sends the applicant the link by SMS (the outbox in development). */
export function bookInspection(body: BookInspectionBody): Promise<Inspection> {
  return http.post<Inspection>('/api/inspections', body);
}

/** The inspection room's calendar, or one case's inspections with `caseId`. */
export function listInspections(query: ListInspectionsQuery = {}): Promise<Inspection[]> {
  return http.get<Inspection[]>('/api/inspections', { query: { ...query } });
}

export function getInspection(id: string): Promise<Inspection> {
  return http.get<Inspection>(inspectionPath(id));
}

/** The applicant's link, to show as a QR code or to send again. */
export function getInvitationLink(id: string): Promise<{ url: string }> {
  return http.get<{ url: string }>(`${inspectionPath(id)}/invitation`);
}

/** Moves the inspection; the links sent before stop working and a new one goes out. */
export function rescheduleInspection(id: string, body: RescheduleInspectionBody): Promise<Inspection> {
  return http.post<Inspection>(`${inspectionPath(id)}/reschedule`, body);
}

export function cancelInspection(id: string, body: InspectionReasonBody): Promise<Inspection> {
  return http.post<Inspection>(`${inspectionPath(id)}/cancel`, body);
}

/** 转现场踏勘: staff will visit the site instead. */
export function convertInspectionOnsite(id: string, body: InspectionReasonBody): Promise<Inspection> {
  return http.post<Inspection>(`${inspectionPath(id)}/convert-onsite`, body);
}

/** 踏勘结论: the result and findings, signed with the inspector's password. */
export function concludeInspection(id: string, body: ConcludeInspectionBody): Promise<Inspection> {
  return http.post<Inspection>(`${inspectionPath(id)}/conclude`, body);
}

/** The other inspector signs the recorded result with the password. */
export function confirmInspection(id: string, body: ConfirmInspectionBody): Promise<Inspection> {
  return http.post<Inspection>(`${inspectionPath(id)}/confirm`, body);
}

/** The signed record (现场踏勘记录) or any stored file; the server checks who may read it. */
export function buildFileUrl(fileId: string): string {
  return `/api/files/${encodeURIComponent(fileId)}`;
}

// ---------- the applicant's phone: no account, the link's token is the permission ----------

/** What the invitation link shows: the item, the site, the time, the shot list. */
export function getPhoneInspection(token: string): Promise<PhoneInspection> {
  return http.get<PhoneInspection>(phonePath(token));
}

/** One location fix; the answer is the verdict the inspectors see. */
export function reportPhoneLocation(
  token: string,
  fix: LocationFixBody,
): Promise<{ verdict: LocationVerdictValue; distanceMeters: number | null }> {
  return http.post<{ verdict: LocationVerdictValue; distanceMeters: number | null }>(`${phonePath(token)}/locations`, fix);
}

/** The live session's settings before joining (ICE servers), for the phone's network check. */
export function getPhoneLiveConfig(token: string): Promise<LiveConfig> {
  return http.get<LiveConfig>(`${phonePath(token)}/live-config`);
}

/** The path of the phone's live socket (the link's token is the permission). */
export function phoneLiveSocketPath(token: string): string {
  return `${phonePath(token)}/live`;
}

/**
 * Uploads a snapshot the inspectors asked for: the JPEG as it is, to the path the server gave
 * (same origin, the phone's public API only).
 */
export async function uploadSnapshot(uploadPath: string, image: Blob): Promise<{ snapshot: LiveSnapshot }> {
  if (!uploadPath.startsWith('/api/public/inspections/'))
    throw new ApiError({ status: 0, code: 'UNEXPECTED_REPLY', message: `Unexpected upload path ${uploadPath}` });
  let response: Response;
  try {
    response = await fetch(uploadPath, {
      method: 'POST',
      headers: { 'content-type': 'image/jpeg', accept: 'application/json' },
      body: image,
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'NETWORK', message: cause instanceof Error ? cause.message : 'Network error' });
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError({
      status: response.status,
      code: (body?.error?.code ?? 'INTERNAL') as ApiError['code'],
      message: body?.error?.message ?? response.statusText,
    });
  }
  return (await response.json()) as { snapshot: LiveSnapshot };
}

// ---------- the live session, staff side ----------

/** The path of an inspector's live socket (the staff session's cookie is the permission). */
export function inspectorLiveSocketPath(id: string): string {
  return `${inspectionPath(id)}/live`;
}

export function getLiveState(id: string): Promise<LiveSessionState> {
  return http.get<LiveSessionState>(`${inspectionPath(id)}/live-state`);
}

/** Every event, recording segment and snapshot of an inspection: the replay's material. */
export function getInspectionTimeline(id: string): Promise<InspectionTimeline> {
  return http.get<InspectionTimeline>(`${inspectionPath(id)}/timeline`);
}
