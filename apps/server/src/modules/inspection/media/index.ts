/**
 * The media layer of 远程踏勘 (SPEC §3.4–3.5): an SFU that forwards the applicant's phone to the
 * inspectors and their voices back, and records the session in segments. See README.md.
 */
export {
  describeTransceiverLayout,
  MediaEngineError,
  type ActiveSegment,
  type JoinInput,
  type JoinResult,
  type MediaEngine,
  type MediaEngineErrorCode,
  type MediaEngineEvent,
  type MediaEngineListener,
  type MediaPeerRole,
  type MediaPeerState,
  type MediaRoomState,
  type OpenRoomInput,
  type RecordedAudioFile,
  type RecordingSegment,
  type TransceiverSlot,
} from './media-engine.js';
export { hashFile, ownerFilePath, readFileOwner, recoverInterruptedSegments, runFfmpeg, segmentFileName, silentLogger, type FinalisedFile, type MediaLogger } from './segment-recorder.js';
export { WeriftMediaEngine, type IceServer, type WeriftEngineOptions, type WeriftIceOptions } from './werift-engine.js';
export { splitPortRange, WorkerMediaEngine, type LoopDelay, type WorkerEngineOptions, type WorkerMediaEngineOptions } from './worker-engine.js';
