import { createHash, randomUUID } from 'node:crypto';
import type { InspectionTimelineEvent } from '@yuanqu/shared';
import type { Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { canonicalJson } from '../../lib/canonical-json.js';
import { appendAuditEvent } from '../audit/index.js';
import * as repository from './inspection.repository.js';

/*
 * How a session's evidence is written: timeline events and the case's audit records of the
 * inspection. The live service writes them as the session happens; the demo seed writes a finished
 * session with the same functions, so both leave the same shapes.
 */

/** The phone's name on the timeline. */
export const PHONE_NAME = '申请人';
/** The server's name on the timeline and in the audit trail. */
export const SERVER_NAME = '系统';

export interface EvidenceActor {
  actorId: string | null;
  displayName: string;
}

/** Where in the recording an event falls (segment and milliseconds from its start), or nowhere. */
export interface RecordingMoment {
  segment: number | null;
  offsetMs: number | null;
}

export const NO_MOMENT: RecordingMoment = { segment: null, offsetMs: null };

/** Where staff fetch a snapshot's JPEG (kept in the snapshot event's details). */
export function snapshotUrl(inspectionId: string, snapshotId: string): string {
  return `/api/inspections/${inspectionId}/snapshots/${snapshotId}/file`;
}

export function presentEvent(row: Omit<repository.EventRow, 'seq'>): InspectionTimelineEvent {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    segment: row.segment,
    offsetMs: row.offsetMs,
    kind: row.kind,
    details: row.details,
  } as InspectionTimelineEvent;
}

/** Writes one timeline event at the clock's now; `actor` null is the server. */
export async function insertTimelineEvent(
  executor: Executor,
  clock: Clock,
  inspectionId: string,
  kind: InspectionTimelineEvent['kind'],
  actor: EvidenceActor | null,
  details: Record<string, unknown>,
  moment: RecordingMoment,
  id: string = randomUUID(),
): Promise<InspectionTimelineEvent> {
  const row = {
    id,
    inspectionId,
    at: clock.now(),
    kind,
    actorId: actor?.actorId ?? null,
    actorName: actor?.displayName ?? SERVER_NAME,
    segment: moment.segment,
    offsetMs: moment.offsetMs,
    details,
  };
  await repository.insertEvent(executor, row);
  return presentEvent(row);
}

/** An `inspection.<action>` record in the case's audit trail, naming the inspection. */
export async function auditInspectionOfCase(
  executor: Executor,
  clock: Clock,
  target: { zoneId: string; caseId: string; inspectionId: string },
  actor: EvidenceActor | null,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  await appendAuditEvent(
    executor,
    {
      zoneId: target.zoneId,
      actorId: actor?.actorId ?? null,
      actorName: actor?.displayName ?? SERVER_NAME,
      action: `inspection.${action}`,
      targetType: 'case',
      targetId: target.caseId,
      outcome: 'success',
      details: { inspectionId: target.inspectionId, ...details },
    },
    clock,
  );
}

/** The timeline so far and its SHA-256 (canonical JSON): a later change to any event no longer matches the audit trail. */
export async function timelineDigest(executor: Executor, inspectionId: string): Promise<{ events: number; timelineSha256: string }> {
  const events = (await repository.findEvents(executor, inspectionId)).map(presentEvent);
  return { events: events.length, timelineSha256: createHash('sha256').update(canonicalJson(events)).digest('hex') };
}
