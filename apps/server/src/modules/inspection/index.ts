/**
 * 远程踏勘 remote site inspection (SPEC §3): booking on the inspection room's calendar, the signed
 * invitation link for the applicant's phone, the location check, and the live session — signalling
 * over a WebSocket per participant, recording in segments, the evidence chain. The media engine
 * lives in `media/` behind an interface.
 */
export { createInspectionService, InspectionError, LINK_GRACE_MINUTES, type InspectionService } from './inspection.service.js';
export { inspectionRoutes } from './inspection.routes.js';
export { createInspectionLiveService, type InspectionLiveService, type LiveServiceDependencies } from './inspection.live.service.js';
export { inspectionLiveRoutes } from './inspection.live.routes.js';
export { verifyRecordings, type RecordingProblem, type RecordingVerification } from './inspection.recordings.js';
export { isSnapshotFileOfZone } from './inspection.repository.js';
export { createMediaEngine, engineIceOptions } from './inspection.ice.js';
export { WeriftMediaEngine, WorkerMediaEngine, type MediaEngine } from './media/index.js';
export { discardDemoInspectionMedia, renderDemoInspectionMedia, seedDemoInspectionSession, type DemoInspectionMedia } from './inspection.demo.js';
