import { bigint, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases } from '../cases/cases.table.js';
import { files } from '../files/files.table.js';
import { users } from '../users/users.table.js';
import { zones } from '../zones/zones.table.js';

/**
 * 远程踏勘 one remote site inspection of a case: its slot on the inspection room's calendar, the
 * site it must show, the invitation sent to the applicant's phone, and — once held — its result.
 *
 * Status: `scheduled` → `live` (someone joined) → `interrupted` (the phone dropped; the same link
 * rejoins into a new recording segment) → `concluded`; or `cancelled`, `converted_onsite`
 * (staff go to the site instead), each with a reason.
 */
export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    status: text('status').notNull(),
    slotStart: timestamp('slot_start', { withTimezone: true }).notNull(),
    slotEnd: timestamp('slot_end', { withTimezone: true }).notNull(),
    /** The registered site: address and WGS-84 position the phone's location is checked against. */
    siteAddress: text('site_address').notNull(),
    siteLatitude: doublePrecision('site_latitude').notNull(),
    siteLongitude: doublePrecision('site_longitude').notNull(),
    /** Within this distance of the site the phone is "on site". */
    siteRadiusMeters: integer('site_radius_meters').notNull().default(300),
    /** Bumped when the invitation is re-issued (reschedule), which voids earlier links. */
    invitationVersion: integer('invitation_version').notNull().default(1),
    /** The code shown to the applicant to read aloud (liveness), changed on request. */
    livenessCode: text('liveness_code'),
    result: text('result'),
    findings: text('findings'),
    /** Why it was cancelled, rescheduled or converted to an on-site visit. */
    statusReason: text('status_reason'),
    recordDocumentId: uuid('record_document_id'),
    startedAt: timestamp('started_at', { withTimezone: true }),
    concludedAt: timestamp('concluded_at', { withTimezone: true }),
    version: integer('version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('inspections_zone_slot_idx').on(table.zoneId, table.slotStart), index('inspections_case_idx').on(table.caseId)],
);

/** The two (or more) inspectors booked for an inspection, and their confirmation of the record. */
export const inspectionInspectors = pgTable(
  'inspection_inspectors',
  {
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    inspectorId: uuid('inspector_id')
      .notNull()
      .references(() => users.id),
    /** Set when the inspector re-entered the password to sign the record. */
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.inspectionId, table.inspectorId] }), index('inspection_inspectors_inspector_idx').on(table.inspectorId)],
);

/**
 * The session's timeline: joins and leaves, recording starts and stops, checklist marks with
 * notes, snapshots, chat, liveness codes, camera switches, location fixes. `offsetMs` ties an
 * event to the moment in the recording (segment and milliseconds from its start).
 */
export const inspectionEvents = pgTable(
  'inspection_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    /** `applicant` for the phone, else the inspector's name. */
    actorName: text('actor_name').notNull(),
    segment: integer('segment'),
    offsetMs: integer('offset_ms'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    /** The order of writing: events of the same millisecond keep the order they happened in. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (table) => [index('inspection_events_inspection_idx').on(table.inspectionId, table.at, table.seq)],
);

/**
 * A recording file. Per segment (one phone connection) there is one `phone` file (the phone's video
 * and audio) and one `inspector_audio` file per inspector connection that spoke during it (its time
 * 0 is `offsetMs` after the segment's). The SHA-256 is taken when the file is final and is chained
 * into the case's audit trail; `yuanqu verify-recordings` re-hashes the files against it.
 */
export const inspectionRecordings = pgTable(
  'inspection_recordings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    segment: integer('segment').notNull(),
    /** `phone` (video and audio) or `inspector_audio` (one inspector's voice). */
    kind: text('kind').notNull().default('phone'),
    /** For `inspector_audio`: whose voice; null when it could not be told (recovered after a crash). */
    inspectorId: uuid('inspector_id').references(() => users.id),
    /** The file while it is written (relative to the recordings folder); the stored file once final. */
    path: text('path').notNull(),
    fileId: uuid('file_id').references(() => files.id),
    sha256: text('sha256'),
    durationMs: integer('duration_ms'),
    sizeBytes: integer('size_bytes'),
    /** For `inspector_audio`: where in the segment the file starts, in milliseconds. */
    offsetMs: integer('offset_ms'),
    /** Time without recording before this segment (a dropped phone, a restart); null for the first. */
    gapBeforeMs: integer('gap_before_ms'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** `recording`, `final`, or `interrupted` (the server stopped; playable up to the last flush). */
    status: text('status').notNull(),
  },
  (table) => [uniqueIndex('inspection_recordings_path_key').on(table.inspectionId, table.path), index('inspection_recordings_segment_idx').on(table.inspectionId, table.segment)],
);

/** The phone's location trail. */
export const inspectionLocations = pgTable(
  'inspection_locations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    accuracyMeters: doublePrecision('accuracy_meters'),
    distanceMeters: doublePrecision('distance_meters').notNull(),
  },
  (table) => [index('inspection_locations_inspection_idx').on(table.inspectionId, table.at)],
);
