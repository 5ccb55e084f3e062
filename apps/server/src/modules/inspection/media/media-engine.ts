/**
 * The media engine of a remote site inspection (SPEC §3.4–3.5), behind an interface so that an
 * external media server (Janus, mediasoup, LiveKit) can replace the in-process werift engine.
 *
 * A room is one inspection session. It has at most one **phone** (the applicant's, sending its rear
 * camera and microphone) and up to `maxInspectors` **inspectors** (receiving the phone, sending
 * their microphones). The engine forwards packets (an SFU: no decoding, no transcoding) and records
 * the phone's video and audio in segments.
 *
 * Signalling is plain SDP: the browser makes a complete offer (ICE gathering finished), the caller
 * carries it to `join()` over its own transport, and returns the complete answer. The m-lines of
 * the offer follow a fixed layout (see `describeTransceiverLayout`) with one receive slot per
 * possible inspector, so no renegotiation is ever needed: a phone that joins after the inspectors,
 * an inspector who joins late, or a phone that rejoins all land on m-lines that already exist.
 */

/** Who a peer is in the room. */
export type MediaPeerRole = 'phone' | 'inspector';

/** What one m-line of a browser's offer carries, seen from the browser. */
export interface TransceiverSlot {
  kind: 'audio' | 'video';
  /** The direction the browser's transceiver must have (`addTransceiver(kind, { direction })`). */
  direction: 'sendonly' | 'recvonly';
  /** What flows on it: the phone's camera or microphone, the browser's own microphone, or an inspector's microphone. */
  carries: 'phone-camera' | 'phone-microphone' | 'own-microphone' | 'inspector-microphone';
  /** For `inspector-microphone`: which inspector slot (0-based) it carries. An inspector's own slot stays silent. */
  inspectorSlot?: number;
}

/**
 * The m-lines a browser of this role must offer, in this order (audio and video only; a data
 * channel may be added anywhere and is ignored when counting).
 *
 * - phone: camera (send), microphone (send), then one receive-audio slot per inspector.
 * - inspector: phone camera (receive), phone microphone (receive), own microphone (send), then one
 *   receive-audio slot per inspector (its own slot is never filled).
 */
export function describeTransceiverLayout(role: MediaPeerRole, maxInspectors: number): TransceiverSlot[] {
  const inspectorSlots: TransceiverSlot[] = Array.from({ length: maxInspectors }, (_, inspectorSlot) => ({
    kind: 'audio',
    direction: 'recvonly',
    carries: 'inspector-microphone',
    inspectorSlot,
  }));
  if (role === 'phone') {
    return [
      { kind: 'video', direction: 'sendonly', carries: 'phone-camera' },
      { kind: 'audio', direction: 'sendonly', carries: 'phone-microphone' },
      ...inspectorSlots,
    ];
  }
  return [
    { kind: 'video', direction: 'recvonly', carries: 'phone-camera' },
    { kind: 'audio', direction: 'recvonly', carries: 'phone-microphone' },
    { kind: 'audio', direction: 'sendonly', carries: 'own-microphone' },
    ...inspectorSlots,
  ];
}

export interface OpenRoomInput {
  /** The caller's id of the session, usually the inspection id. */
  roomId: string;
  /** Folder the recording segments of this room are written to; created if missing. */
  recordingFolder: string;
}

export interface JoinInput {
  roomId: string;
  /** Stable id of the participant (the applicant's link, the inspector's user id). Joining again with the same id replaces the old connection. */
  peerId: string;
  role: MediaPeerRole;
  /** The browser's complete SDP offer, laid out as `describeTransceiverLayout(role, maxInspectors)`. */
  offerSdp: string;
}

export interface JoinResult {
  /** The complete SDP answer (all ICE candidates included). */
  answerSdp: string;
  /** For an inspector: the receive slot that carries this inspector's voice to the others. */
  inspectorSlot?: number;
}

/** One inspector's voice during (part of) a segment: an audio-only WebM beside the segment's file. */
export interface RecordedAudioFile {
  peerId: string;
  inspectorSlot: number;
  /** Absolute path of the finished file. */
  path: string;
  /** Wall-clock start; the file's time 0 is this moment, `startedAt - segment.startedAt` after the segment's. */
  startedAt: Date;
  endedAt: Date;
  sha256: string;
  sizeBytes: number;
  isRemuxed: boolean;
}

/**
 * One recording of the phone's video and audio, from a phone connection's start to its end (or to
 * stop), with the inspectors' voices of that time in files of their own (forwarding, not mixing,
 * keeps the server free of audio decoding).
 */
export interface RecordingSegment {
  roomId: string;
  /** 1, 2, … in the order the segments were started within the room. */
  index: number;
  /** Absolute path of the finished file. */
  path: string;
  /** The phone peer whose media it holds. */
  peerId: string;
  startedAt: Date;
  endedAt: Date;
  /** Wall-clock length, `endedAt - startedAt`. */
  durationMs: number;
  /** Time without recording between the previous segment's end and this one's start; null for the first. */
  gapBeforeMs: number | null;
  /** Hex SHA-256 of the finished file's bytes. */
  sha256: string;
  sizeBytes: number;
  /** True when ffmpeg rewrote the file (`-c copy`) so that its duration and cues are right. */
  isRemuxed: boolean;
  /**
   * The largest picture the phone sent in the segment. Chrome starts at a lower resolution and steps
   * up as its bandwidth estimate grows; VP8 carries the size in every keyframe and players follow it,
   * while the WebM track header keeps the first keyframe's size.
   */
  width: number;
  height: number;
  /** The inspectors' voices, one file per inspector connection that spoke during the segment. */
  inspectorAudio: RecordedAudioFile[];
}

/** A segment that is being written. */
export interface ActiveSegment {
  roomId: string;
  index: number;
  peerId: string;
  /** The file as it grows; renamed to the final path when finalised. */
  partialPath: string;
  startedAt: Date;
  gapBeforeMs: number | null;
}

export type MediaEngineEvent =
  | { type: 'peer-joined'; roomId: string; peerId: string; role: MediaPeerRole; at: Date }
  | {
      type: 'peer-left';
      roomId: string;
      peerId: string;
      role: MediaPeerRole;
      /** `left`: the caller said so; `replaced`: a new connection took its place; `connection-lost`: ICE/DTLS failed or timed out; `room-closed`. */
      reason: 'left' | 'replaced' | 'connection-lost' | 'room-closed';
      at: Date;
    }
  | { type: 'first-media'; roomId: string; peerId: string; role: MediaPeerRole; kind: 'audio' | 'video'; at: Date }
  /** The peer's WebRTC connection changed state (`connected`, `disconnected` — in its grace time —, …). */
  | { type: 'peer-connection-state'; roomId: string; peerId: string; role: MediaPeerRole; state: string; at: Date }
  | { type: 'recording-segment-started'; roomId: string; segment: ActiveSegment }
  | { type: 'recording-segment-finalised'; roomId: string; segment: RecordingSegment }
  | { type: 'recording-error'; roomId: string; message: string; at: Date }
  /**
   * What was writing a segment stopped without finishing it (a media worker that died): its files
   * stay `.partial.webm` as they were last written, for the app to finalise and hash now, as a
   * restart would.
   */
  | { type: 'recording-interrupted'; roomId: string; segmentIndex: number; at: Date }
  | {
      type: 'peer-message';
      roomId: string;
      peerId: string;
      role: MediaPeerRole;
      /** A text message the browser sent on its `control` data channel (e.g. a snapshot's reply). */
      message: string;
      at: Date;
    };

export type MediaEngineListener = (event: MediaEngineEvent) => void;

export interface MediaPeerState {
  peerId: string;
  role: MediaPeerRole;
  connectionState: string;
  inspectorSlot: number | null;
  joinedAt: Date;
}

export interface MediaRoomState {
  roomId: string;
  peers: MediaPeerState[];
  isRecording: boolean;
  activeSegment: ActiveSegment | null;
  finalisedSegments: RecordingSegment[];
}

/**
 * What the rest of Yuanqu needs from a media server. All methods that take a `roomId` throw
 * `MediaEngineError('MEDIA_ROOM_NOT_FOUND')` for an unknown room.
 */
export interface MediaEngine {
  /** The number of inspector slots every offer must carry. */
  readonly maxInspectors: number;
  openRoom(input: OpenRoomInput): Promise<void>;
  /** Answers a browser's offer and starts forwarding. A second phone replaces the first (a rejoin). */
  join(input: JoinInput): Promise<JoinResult>;
  /** Disconnects a peer; a phone's leaving closes the running segment. */
  leave(roomId: string, peerId: string): Promise<void>;
  /** Starts recording; a segment opens as soon as the phone sends a keyframe (now, or when it joins). */
  startRecording(roomId: string): Promise<void>;
  /** Stops recording and resolves once every segment of the room is finalised. Returns all of them. */
  stopRecording(roomId: string): Promise<RecordingSegment[]>;
  /** Asks the phone for a keyframe now (PLI). */
  requestKeyframe(roomId: string): void;
  /**
   * Sends a text message to a peer's `control` data channel. Resolves false when the peer has no
   * open channel. The snapshot hook: send `{"type":"snapshot-request","requestId":…}` to the phone,
   * whose page captures a full-resolution still and uploads it; its reply comes back as a
   * `peer-message` event.
   */
  sendToPeer(roomId: string, peerId: string, message: string): Promise<boolean>;
  getRoomState(roomId: string): MediaRoomState;
  /** Stops recording (finalising), disconnects everyone and forgets the room. Returns the room's segments. */
  closeRoom(roomId: string): Promise<RecordingSegment[]>;
  /** Closes every room. */
  close(): Promise<void>;
  /** Subscribes to events; returns the function that unsubscribes. */
  onEvent(listener: MediaEngineListener): () => void;
}

export type MediaEngineErrorCode =
  'MEDIA_ROOM_NOT_FOUND' | 'MEDIA_ROOM_EXISTS' | 'MEDIA_ROOM_FULL' | 'MEDIA_PEER_NOT_FOUND' | 'MEDIA_OFFER_INVALID' | 'MEDIA_ENGINE_CLOSED';

/** Refusals of the media engine; the inspection service maps the code to its own error. */
export class MediaEngineError extends Error {
  readonly code: MediaEngineErrorCode;

  constructor(code: MediaEngineErrorCode, message: string) {
    super(message);
    this.name = 'MediaEngineError';
    this.code = code;
  }
}

/** The listeners of an engine's events. A listener that throws is reported and does not stop the others. */
export class MediaEngineListeners {
  private readonly listeners = new Set<MediaEngineListener>();

  constructor(private readonly onListenerError: (error: unknown, event: MediaEngineEvent) => void) {}

  /** Adds a listener; returns the function that removes it. */
  add(listener: MediaEngineListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: MediaEngineEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

/** A room of an engine's table, or the `MEDIA_ROOM_NOT_FOUND` refusal. */
export function findRoom<Room>(rooms: ReadonlyMap<string, Room>, roomId: string): Room {
  const room = rooms.get(roomId);
  if (!room) {
    throw new MediaEngineError('MEDIA_ROOM_NOT_FOUND', `No media room ${roomId}`);
  }
  return room;
}

/** The `MEDIA_ENGINE_CLOSED` refusal once an engine is closed. */
export function assertEngineOpen(isClosed: boolean): void {
  if (isClosed) {
    throw new MediaEngineError('MEDIA_ENGINE_CLOSED', 'The media engine is closed');
  }
}
