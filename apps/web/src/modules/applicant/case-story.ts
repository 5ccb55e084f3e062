import type { CaseClock, CaseEvent, CaseStatus } from '@yuanqu/shared';

/** How a step reads on the applicant's timeline: which sentence, with what, in which colour. */
export interface TimelineStep {
  /** Key under `applicant.timeline.` */
  key: string;
  params: Record<string, string | number>;
  tone: 'blue' | 'green' | 'red' | 'orange' | 'gray';
  /** The reason, findings or note the step carries, shown under the sentence. */
  reason: string | null;
  /** Whether the applicant took the step (no staff name shown). */
  isOwn: boolean;
}

const OWN_ACTIONS = new Set(['draft_created', 'submitted', 'corrected', 'withdrawn']);

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * One case event in plain words. The action names are the cases service's (`draft_created`,
 * `submitted`, `correction_requested`, `corrected`, `accepted`, `refused`, `inspection_completed`,
 * `suspended`, `resumed`, `concluded`, `delivered`, `withdrawn`); one it does not know yet still
 * reads as "the case moved to <status>".
 */
export function describeEvent(event: CaseEvent): TimelineStep {
  const details = event.details;
  const base = { params: {}, reason: event.reason, isOwn: OWN_ACTIONS.has(event.action) };
  switch (event.action) {
    case 'draft_created':
      return { ...base, key: 'draftCreated', tone: 'gray' };
    case 'submitted':
      return { ...base, key: 'submitted', tone: 'blue', params: { number: text(details.number) ?? '' } };
    case 'correction_requested': {
      const count = Array.isArray(details.deficiencies) ? details.deficiencies.length : 0;
      return { ...base, key: 'correctionRequested', tone: 'orange', params: { count } };
    }
    case 'corrected':
      return { ...base, key: 'corrected', tone: 'blue' };
    case 'accepted': {
      const dueOn = text(details.dueOn);
      const limit = typeof details.limitDays === 'number' ? details.limitDays : 0;
      return dueOn
        ? { ...base, key: 'acceptedWithDue', tone: 'green', params: { limit, dueOn } }
        : { ...base, key: 'accepted', tone: 'green', params: { limit } };
    }
    case 'refused':
      return { ...base, key: 'refused', tone: 'red' };
    case 'inspection_completed': {
      const result = text(details.result) ?? 'unknown';
      return {
        ...base,
        key: 'inspectionCompleted',
        tone: result === 'failed' ? 'red' : result === 'passed' ? 'green' : 'orange',
        params: { result },
      };
    }
    case 'suspended':
      return { ...base, key: 'suspended', tone: 'orange' };
    case 'resumed':
      return { ...base, key: 'resumed', tone: 'blue' };
    case 'concluded': {
      const decision = text(details.decision);
      return {
        ...base,
        key: decision === 'denied' ? 'concludedDenied' : 'concludedApproved',
        tone: decision === 'denied' ? 'red' : 'green',
      };
    }
    case 'delivered': {
      const method = text(details.method) ?? 'pickup';
      const trackingNumber = text(details.trackingNumber);
      return trackingNumber
        ? { ...base, key: 'deliveredWithTracking', tone: 'green', params: { method, trackingNumber } }
        : { ...base, key: 'delivered', tone: 'green', params: { method } };
    }
    case 'withdrawn':
      return { ...base, key: 'withdrawn', tone: 'gray' };
    default:
      return { ...base, key: 'moved', tone: 'blue', params: { status: event.toStatus ?? '' } };
  }
}

/**
 * Statuses in which the applicant may still withdraw, with a reason (submitted, before acceptance).
 * A draft was never submitted: it is deleted instead (`DeleteDraftButton`).
 */
export const WITHDRAWABLE: readonly CaseStatus[] = ['submitted', 'correction_requested'];

/** Statuses after which the case may be rated (好差评). */
export const RATEABLE: readonly CaseStatus[] = ['concluded', 'delivered', 'refused'];

/** Statuses in which the case has ended and the clock no longer runs. */
export const FINISHED: readonly CaseStatus[] = ['concluded', 'delivered', 'refused', 'withdrawn'];

/**
 * Why a case that has ended shows no working-day figures: it was refused (不予受理) or withdrawn
 * before acceptance, and the clock starts only at acceptance. Null when the clock applies.
 */
export function clockNeverStartedReason(clock: CaseClock, status: CaseStatus): 'refused' | 'withdrawn' | null {
  if (clock.acceptedOn) return null;
  return status === 'refused' || status === 'withdrawn' ? status : null;
}
