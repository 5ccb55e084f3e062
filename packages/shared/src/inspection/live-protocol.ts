import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { uuidSchema } from '../common.js';
import { locationVerdictSchema } from './inspection.schemas.js';

/*
 * 远程踏勘 live session protocol (SPEC §3.4–3.5). TypeBox like every other schema of the project
 * (STYLE: one validation library everywhere); `Static<>` gives the TypeScript types.
 *
 * Transport: one WebSocket per participant, JSON text frames, each a `{ type, … }` object.
 *   - phone:     GET /api/public/inspections/:token/live   (the signed invitation token is the permission)
 *   - inspector: GET /api/inspections/:id/live              (staff session cookie; a booked inspector or an inspector of the zone)
 * A refused socket is closed with code 4401 (signed out), 4403 (forbidden/link invalid), 4404 (not found),
 * 4410 (link expired / inspection closed) before any message; the reason text is the error code. A
 * socket replaced by a newer one of the same participant closes with 4409, an ended session with 4000.
 * The same two addresses answer a plain (non-upgrade) GET with `LiveConfig`.
 *
 * Flow: socket opens → server sends `welcome` (ICE servers, transceiver layout, current session) →
 * client builds its RTCPeerConnection from `welcome.iceServers` and `welcome.layout`, waits for ICE
 * gathering to complete (no trickle), sends `join` with the complete offer → server sends `answer`.
 * Sending `join` again (e.g. after an ICE failure) replaces the media connection; a new socket
 * with the same link/user replaces the old socket. Media never renegotiates (see media/README.md).
 * Everything that is not media (snapshots, camera, liveness, checklist, chat, location) goes over
 * this socket; no WebRTC data channel is needed.
 *
 * Snapshots: the phone receives `snapshot-request`, captures a full-resolution JPEG and POSTs it
 * (body `image/jpeg`, ≤ LIVE_SNAPSHOT_MAX_BYTES) to `uploadPath`; everyone then gets `event` with a
 * `snapshot` timeline event. Other HTTP endpoints:
 *   GET  /api/inspections/:id/live-state                        → LiveSessionState
 *   GET  /api/inspections/:id/timeline                          → InspectionTimeline (replay)
 *   GET  /api/inspections/:id/recordings/:recordingId/file      → video/webm (staff of the zone)
 *   GET  /api/inspections/:id/snapshots/:snapshotId/file        → image/jpeg (staff of the zone)
 *   GET  /api/public/inspections/:token/live-config             → LiveConfig (phone pre-check: ICE servers)
 *   POST /api/public/inspections/:token/snapshots/:requestId    ← image/jpeg → { snapshot: LiveSnapshot }
 */

/** Largest snapshot the phone may upload (a 12-MP JPEG is 3–6 MB). */
export const LIVE_SNAPSHOT_MAX_BYTES = 15 * 1024 * 1024;
/** Recording needs at least this many distinct inspectors present (SPEC §3.4). */
export const LIVE_MIN_INSPECTORS_TO_RECORD = 2;
/** WebSocket close codes the server uses when it refuses or ends a socket. */
export const LIVE_CLOSE_CODES = { signedOut: 4401, forbidden: 4403, notFound: 4404, expired: 4410, replaced: 4409, ended: 4000 } as const;

const sdp = Type.String({ minLength: 10, maxLength: 200_000 });
const isoTime = Type.String({ format: 'date-time' });
/** A client-chosen id echoed in an `error` reply, to tie the refusal to the request. */
const ref = Type.Optional(Type.String({ minLength: 1, maxLength: 64 }));

export const liveRoleSchema = Type.Union([Type.Literal('phone'), Type.Literal('inspector')]);
export type LiveRole = Static<typeof liveRoleSchema>;

/** One m-line the browser must offer, in order (from the server's media engine). */
export const liveTransceiverSlotSchema = Type.Object({
  kind: Type.Union([Type.Literal('audio'), Type.Literal('video')]),
  /** `pc.addTransceiver(kind, { direction })`. */
  direction: Type.Union([Type.Literal('sendonly'), Type.Literal('recvonly')]),
  /** What flows on it. */
  carries: Type.Union([
    Type.Literal('phone-camera'),
    Type.Literal('phone-microphone'),
    Type.Literal('own-microphone'),
    Type.Literal('inspector-microphone'),
  ]),
  /** For `inspector-microphone`: which inspector slot it carries (an inspector's own slot stays silent). */
  inspectorSlot: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type LiveTransceiverSlot = Static<typeof liveTransceiverSlotSchema>;

/** A STUN/TURN server for `new RTCPeerConnection({ iceServers })`; TURN credentials are short-lived. */
export const liveIceServerSchema = Type.Object({
  urls: Type.Array(Type.String()),
  username: Type.Optional(Type.String()),
  credential: Type.Optional(Type.String()),
});
export type LiveIceServer = Static<typeof liveIceServerSchema>;

/** Someone in the session. */
export const liveParticipantSchema = Type.Object({
  /** `phone` for the applicant; the user id for an inspector. */
  participantId: Type.String(),
  role: liveRoleSchema,
  /** 申请人 for the phone, else the inspector's display name. */
  displayName: Type.String(),
  /** `signalling`: socket open, no media yet; `connecting`: offer answered, ICE/DTLS in progress; `connected`: media flows; `reconnecting`: media link lost, in its grace time. */
  state: Type.Union([Type.Literal('signalling'), Type.Literal('connecting'), Type.Literal('connected'), Type.Literal('reconnecting')]),
  /** For an inspector with media: the receive slot carrying their voice. */
  inspectorSlot: Type.Union([Type.Integer(), Type.Null()]),
  /** True when the inspector is booked for this inspection (others are inspectors of the zone). */
  isBooked: Type.Boolean(),
  joinedAt: isoTime,
});
export type LiveParticipant = Static<typeof liveParticipantSchema>;

/** Where in the recording something happened: segment number and ms from its start; both null when not recording. */
const recordingMoment = {
  segment: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  offsetMs: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
};

/** The recording's state. */
export const liveRecordingStateSchema = Type.Object({
  /** `off`; `waiting_for_phone`: started, the next segment opens when the phone's video arrives; `recording`. */
  state: Type.Union([Type.Literal('off'), Type.Literal('waiting_for_phone'), Type.Literal('recording')]),
  /** The segment being written, with its wall-clock start. */
  currentSegment: Type.Union([Type.Object({ segment: Type.Integer(), startedAt: isoTime }), Type.Null()]),
  /** Milliseconds recorded in finished segments (add `now - currentSegment.startedAt` for the running total). */
  recordedMs: Type.Integer({ minimum: 0 }),
  /** Who started it last. */
  startedBy: Type.Union([Type.String(), Type.Null()]),
});
export type LiveRecordingState = Static<typeof liveRecordingStateSchema>;

/** A finished (or crash-recovered) recording segment. */
export const liveRecordingSegmentSchema = Type.Object({
  id: uuidSchema,
  segment: Type.Integer({ minimum: 1 }),
  /** `recording` while written, `final`, or `interrupted` (recovered after a crash, complete up to the last flush). */
  status: Type.Union([Type.Literal('recording'), Type.Literal('final'), Type.Literal('interrupted')]),
  startedAt: isoTime,
  endedAt: Type.Union([isoTime, Type.Null()]),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  /** Time without recording before this segment (a dropped phone); null for the first. */
  gapBeforeMs: Type.Union([Type.Integer(), Type.Null()]),
  sha256: Type.Union([Type.String(), Type.Null()]),
  sizeBytes: Type.Union([Type.Integer(), Type.Null()]),
  /** Download path of the phone's video+audio (WebM); null until finalised. */
  url: Type.Union([Type.String(), Type.Null()]),
  /** The inspectors' voices: one audio-only WebM per inspector connection; starts `offsetMs` after the segment. */
  inspectorAudio: Type.Array(
    Type.Object({
      id: uuidSchema,
      inspectorId: Type.Union([uuidSchema, Type.Null()]),
      displayName: Type.String(),
      offsetMs: Type.Integer(),
      sha256: Type.Union([Type.String(), Type.Null()]),
      url: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
export type LiveRecordingSegment = Static<typeof liveRecordingSegmentSchema>;

/** A stored snapshot. */
export const liveSnapshotSchema = Type.Object({
  id: uuidSchema,
  requestId: Type.String(),
  at: isoTime,
  ...recordingMoment,
  /** Download path (staff only). */
  url: Type.String(),
  sha256: Type.String(),
  sizeBytes: Type.Integer(),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  requestedBy: Type.String(),
});
export type LiveSnapshot = Static<typeof liveSnapshotSchema>;

/** The liveness code the applicant reads aloud or holds up. */
export const liveLivenessCodeSchema = Type.Object({
  code: Type.String({ pattern: '^[0-9]{4,8}$' }),
  issuedAt: isoTime,
  issuedBy: Type.String(),
});
export type LiveLivenessCode = Static<typeof liveLivenessCodeSchema>;

/** A location fix as shown to inspectors, with the verdict against the registered site. */
export const liveLocationSchema = Type.Object({
  at: isoTime,
  latitude: Type.Number(),
  longitude: Type.Number(),
  accuracyMeters: Type.Union([Type.Number(), Type.Null()]),
  distanceMeters: Type.Union([Type.Number(), Type.Null()]),
  verdict: locationVerdictSchema,
});
export type LiveLocation = Static<typeof liveLocationSchema>;

/** 检查项 marks: done and fine, a problem found, or does not apply. */
export const checklistMarkValueSchema = Type.Union([Type.Literal('ok'), Type.Literal('issue'), Type.Literal('not_applicable')]);
export type ChecklistMarkValue = Static<typeof checklistMarkValueSchema>;

const eventBase = {
  id: uuidSchema,
  at: isoTime,
  /** The inspector's user id; null for the phone and the server. */
  actorId: Type.Union([uuidSchema, Type.Null()]),
  /** 申请人 for the phone, 系统 for the server, else the inspector's name. */
  actorName: Type.String(),
  ...recordingMoment,
};
const event = <K extends string, D extends Record<string, TSchema>>(kind: K, details: D) =>
  Type.Object({ ...eventBase, kind: Type.Literal(kind), details: Type.Object(details) });

/** One entry of the session's timeline (stored in inspection_events; sent live as `event`). */
export const inspectionTimelineEventSchema = Type.Union([
  /** Someone joined the session (or rejoined: `isRejoin`). */
  event('joined', { role: liveRoleSchema, isRejoin: Type.Boolean() }),
  /** Someone left: `left` (said so), `replaced` (a newer connection), `connection-lost`, `room-closed`. */
  event('left', { role: liveRoleSchema, reason: Type.String() }),
  /** Recording was started (needs two distinct inspectors). */
  event('recording_started', { inspectorIds: Type.Array(uuidSchema) }),
  /** Recording was stopped by an inspector. */
  event('recording_stopped', {}),
  /** A segment was finished and hashed. */
  event('segment_finalised', { recordingId: uuidSchema, segment: Type.Integer(), sha256: Type.String(), durationMs: Type.Integer() }),
  /** Time without recording between two segments (a dropped phone, a restart). */
  event('gap', { afterSegment: Type.Integer(), beforeSegment: Type.Integer(), gapMs: Type.Integer() }),
  /** 勾选检查项 with a note, tied to the recording moment. */
  event('checklist_mark', { itemKey: Type.String(), mark: checklistMarkValueSchema, note: Type.String() }),
  /** A snapshot was stored. */
  event('snapshot', {
    snapshotId: uuidSchema,
    requestId: Type.String(),
    sha256: Type.String(),
    sizeBytes: Type.Integer(),
    url: Type.String(),
  }),
  /** The phone could not take the snapshot. */
  event('snapshot_failed', { requestId: Type.String(), reason: Type.String() }),
  /** A chat message. */
  event('chat', { role: liveRoleSchema, text: Type.String() }),
  /** A location fix from the phone. */
  event('location', {
    latitude: Type.Number(),
    longitude: Type.Number(),
    accuracyMeters: Type.Union([Type.Number(), Type.Null()]),
    distanceMeters: Type.Union([Type.Number(), Type.Null()]),
    verdict: locationVerdictSchema,
  }),
  /** A liveness code was shown to the applicant. */
  event('liveness_code', { code: Type.String() }),
  /** An inspector asked for the other camera. */
  event('camera_switch_requested', {}),
  /** The phone switched camera. */
  event('camera_switched', { facing: Type.Union([Type.Literal('environment'), Type.Literal('user')]) }),
  /** The session ended (an inspector ended it). */
  event('session_ended', { reason: Type.String() }),
  /** The server stopped while the session was live; recordings were recovered up to the last flush. */
  event('session_interrupted', { reason: Type.String() }),
  /** Booking-side events of the inspection (booked, rescheduled, cancelled, result_signed, concluded, …). */
  Type.Object({
    ...eventBase,
    kind: Type.Union(
      ['booked', 'rescheduled', 'cancelled', 'converted_onsite', 'result_signed', 'concluded'].map((kind) => Type.Literal(kind)),
    ),
    details: Type.Record(Type.String(), Type.Unknown()),
  }),
]);
export type InspectionTimelineEvent = Static<typeof inspectionTimelineEventSchema>;

/** Everything a page needs to show the session as it is now. */
export const liveSessionStateSchema = Type.Object({
  inspectionId: uuidSchema,
  /** The inspection's status: `scheduled` (nobody joined yet), `live`, `interrupted` (resumable), … */
  status: Type.String(),
  /** True while the server holds a room for it (someone is or was just present). */
  isOpen: Type.Boolean(),
  startedAt: Type.Union([isoTime, Type.Null()]),
  participants: Type.Array(liveParticipantSchema),
  isPhonePresent: Type.Boolean(),
  /** Distinct inspectors present (an inspector on two devices counts once). */
  inspectorCount: Type.Integer({ minimum: 0 }),
  /** True when `inspectorCount ≥ LIVE_MIN_INSPECTORS_TO_RECORD`. */
  canRecord: Type.Boolean(),
  recording: liveRecordingStateSchema,
  segments: Type.Array(liveRecordingSegmentSchema),
  livenessCode: Type.Union([liveLivenessCodeSchema, Type.Null()]),
  lastLocation: Type.Union([liveLocationSchema, Type.Null()]),
});
export type LiveSessionState = Static<typeof liveSessionStateSchema>;

/** Replay: every event and every recording segment of an inspection. */
export const inspectionTimelineSchema = Type.Object({
  inspectionId: uuidSchema,
  events: Type.Array(inspectionTimelineEventSchema),
  segments: Type.Array(liveRecordingSegmentSchema),
  snapshots: Type.Array(liveSnapshotSchema),
});
export type InspectionTimeline = Static<typeof inspectionTimelineSchema>;

/** What a page needs before it creates its RTCPeerConnection (also sent in `welcome`). */
export const liveConfigSchema = Type.Object({
  iceServers: Type.Array(liveIceServerSchema),
  maxInspectors: Type.Integer(),
  /** The m-lines to create for this role, in order. */
  layout: Type.Array(liveTransceiverSlotSchema),
});
export type LiveConfig = Static<typeof liveConfigSchema>;

// ---------------------------------------------------------------------------------------------
// Client → server
// ---------------------------------------------------------------------------------------------

/** Both: the complete SDP offer (ICE gathering done), laid out as `welcome.layout`. Again = reconnect media. */
export const liveJoinMessageSchema = Type.Object({ type: Type.Literal('join'), ref, offerSdp: sdp }, { additionalProperties: false });
/** Both: leaving on purpose (closing the socket counts as leaving after a grace time). */
export const liveLeaveMessageSchema = Type.Object({ type: Type.Literal('leave'), ref }, { additionalProperties: false });
/** Inspector: start recording; refused with INSPECTION_RECORDING_NEEDS_TWO_INSPECTORS when fewer than two distinct inspectors are present. */
export const liveStartRecordingMessageSchema = Type.Object({ type: Type.Literal('start-recording'), ref }, { additionalProperties: false });
/** Inspector: stop recording (the session stays open). */
export const liveStopRecordingMessageSchema = Type.Object({ type: Type.Literal('stop-recording'), ref }, { additionalProperties: false });
/** Inspector: ask the phone for a full-resolution snapshot; `requestId` is chosen by the inspector's page. */
export const liveRequestSnapshotMessageSchema = Type.Object(
  { type: Type.Literal('request-snapshot'), ref, requestId: Type.String({ pattern: '^[A-Za-z0-9_-]{6,64}$' }) },
  { additionalProperties: false },
);
/** Phone: the snapshot could not be taken (permission, no ImageCapture, upload failed). */
export const liveSnapshotFailedMessageSchema = Type.Object(
  { type: Type.Literal('snapshot-failed'), ref, requestId: Type.String({ maxLength: 64 }), reason: Type.String({ maxLength: 200 }) },
  { additionalProperties: false },
);
/** Inspector: ask the phone to use its other camera. */
export const liveRequestCameraSwitchMessageSchema = Type.Object(
  { type: Type.Literal('request-camera-switch'), ref },
  { additionalProperties: false },
);
/** Phone: which camera it sends now, after `replaceTrack()`. */
export const liveCameraSwitchedMessageSchema = Type.Object(
  { type: Type.Literal('camera-switched'), ref, facing: Type.Union([Type.Literal('environment'), Type.Literal('user')]) },
  { additionalProperties: false },
);
/** Inspector: make a new liveness code; the server picks it and sends it to everyone. */
export const liveRequestLivenessCodeMessageSchema = Type.Object(
  { type: Type.Literal('request-liveness-code'), ref },
  { additionalProperties: false },
);
/** Inspector: tick a checklist item (key from the inspection's checklist) with a note; the server stamps the recording moment. */
export const liveChecklistMarkMessageSchema = Type.Object(
  {
    type: Type.Literal('checklist-mark'),
    ref,
    itemKey: Type.String({ minLength: 1, maxLength: 80 }),
    mark: checklistMarkValueSchema,
    note: Type.String({ maxLength: 1000 }),
  },
  { additionalProperties: false },
);
/** Both: a chat line. */
export const liveChatMessageSchema = Type.Object(
  { type: Type.Literal('chat'), ref, text: Type.String({ minLength: 1, maxLength: 1000 }) },
  { additionalProperties: false },
);
/** Phone: a location fix, every few seconds (same rules as POST /api/public/inspections/:token/locations). */
export const liveLocationMessageSchema = Type.Object(
  {
    type: Type.Literal('location'),
    ref,
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    accuracyMeters: Type.Optional(Type.Number({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);
/** Inspector: end the session for everyone; recordings are finalised and hashed into the audit trail. */
export const liveEndSessionMessageSchema = Type.Object(
  { type: Type.Literal('end-session'), ref, reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

/** Any message a client may send; the server refuses messages not meant for the sender's role with FORBIDDEN. */
export const liveClientMessageSchema = Type.Union([
  liveJoinMessageSchema,
  liveLeaveMessageSchema,
  liveStartRecordingMessageSchema,
  liveStopRecordingMessageSchema,
  liveRequestSnapshotMessageSchema,
  liveSnapshotFailedMessageSchema,
  liveRequestCameraSwitchMessageSchema,
  liveCameraSwitchedMessageSchema,
  liveRequestLivenessCodeMessageSchema,
  liveChecklistMarkMessageSchema,
  liveChatMessageSchema,
  liveLocationMessageSchema,
  liveEndSessionMessageSchema,
]);
export type LiveClientMessage = Static<typeof liveClientMessageSchema>;

// ---------------------------------------------------------------------------------------------
// Server → client
// ---------------------------------------------------------------------------------------------

/** First message on every socket: who you are, how to build the peer connection, the session now. */
export const liveWelcomeMessageSchema = Type.Object({
  type: Type.Literal('welcome'),
  role: liveRoleSchema,
  participantId: Type.String(),
  displayName: Type.String(),
  config: liveConfigSchema,
  session: liveSessionStateSchema,
});
/** The complete SDP answer to `join`, and the inspector's own voice slot. */
export const liveAnswerMessageSchema = Type.Object({
  type: Type.Literal('answer'),
  ref,
  answerSdp: Type.String(),
  inspectorSlot: Type.Union([Type.Integer(), Type.Null()]),
});
/** Who is present changed (join, leave, media connected/lost). */
export const liveParticipantsMessageSchema = Type.Object({
  type: Type.Literal('participants'),
  participants: Type.Array(liveParticipantSchema),
  isPhonePresent: Type.Boolean(),
  inspectorCount: Type.Integer(),
  canRecord: Type.Boolean(),
});
/** The recording started, stopped, opened or finished a segment. */
export const liveRecordingMessageSchema = Type.Object({
  type: Type.Literal('recording'),
  recording: liveRecordingStateSchema,
  segments: Type.Array(liveRecordingSegmentSchema),
});
/** To the phone: take a full-resolution JPEG and POST it to `uploadPath` (same origin). */
export const liveSnapshotRequestMessageSchema = Type.Object({
  type: Type.Literal('snapshot-request'),
  requestId: Type.String(),
  uploadPath: Type.String(),
});
/** To inspectors: the snapshot is stored (also as an `event` of kind `snapshot`). */
export const liveSnapshotMessageSchema = Type.Object({ type: Type.Literal('snapshot'), snapshot: liveSnapshotSchema });
/** To the phone: switch to the other camera (`replaceTrack`), then send `camera-switched`. */
export const liveCameraSwitchRequestMessageSchema = Type.Object({
  type: Type.Literal('camera-switch-request'),
  requestedBy: Type.String(),
});
/** To everyone: the liveness code to show on the phone (read it aloud / hold it up). */
export const liveLivenessCodeMessageSchema = Type.Object({ type: Type.Literal('liveness-code'), livenessCode: liveLivenessCodeSchema });
/** To inspectors: the phone's latest location with the verdict (the phone gets it too, to show "on site"). */
export const liveLocationUpdateMessageSchema = Type.Object({ type: Type.Literal('location'), location: liveLocationSchema });
/** To everyone (chat) / inspectors (all else): a new timeline entry — checklist marks, chat, snapshots, joins, gaps. */
export const liveEventMessageSchema = Type.Object({ type: Type.Literal('event'), event: inspectionTimelineEventSchema });
/** A refusal of one client message (`ref` and `for` say which); `code` is an ErrorCode with zh/en texts in the web app. */
export const liveErrorMessageSchema = Type.Object({
  type: Type.Literal('error'),
  ref,
  for: Type.Union([Type.String(), Type.Null()]),
  code: Type.String(),
  message: Type.String(),
});
/** The session ended; the socket closes after this. Segments are final with their hashes. */
export const liveSessionEndedMessageSchema = Type.Object({
  type: Type.Literal('session-ended'),
  reason: Type.String(),
  endedBy: Type.Union([Type.String(), Type.Null()]),
  segments: Type.Array(liveRecordingSegmentSchema),
});

/** Any message the server sends. */
export const liveServerMessageSchema = Type.Union([
  liveWelcomeMessageSchema,
  liveAnswerMessageSchema,
  liveParticipantsMessageSchema,
  liveRecordingMessageSchema,
  liveSnapshotRequestMessageSchema,
  liveSnapshotMessageSchema,
  liveCameraSwitchRequestMessageSchema,
  liveLivenessCodeMessageSchema,
  liveLocationUpdateMessageSchema,
  liveEventMessageSchema,
  liveErrorMessageSchema,
  liveSessionEndedMessageSchema,
]);
export type LiveServerMessage = Static<typeof liveServerMessageSchema>;

/** Params of the snapshot upload. */
export const liveSnapshotUploadParamsSchema = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200 }),
  requestId: Type.String({ pattern: '^[A-Za-z0-9_-]{6,64}$' }),
});
/** Params of a recording download. */
export const liveRecordingFileParamsSchema = Type.Object({ id: uuidSchema, recordingId: uuidSchema });
/** Params of a snapshot download. */
export const liveSnapshotFileParamsSchema = Type.Object({ id: uuidSchema, snapshotId: uuidSchema });
