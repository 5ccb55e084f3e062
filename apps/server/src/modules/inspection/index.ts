/**
 * 远程踏勘 remote site inspection (SPEC §3): booking on the inspection room's calendar, the signed
 * invitation link for the applicant's phone, the location check. The media engine lives in
 * `media/` behind an interface.
 */
export { createInspectionService, InspectionError, LINK_GRACE_MINUTES, type InspectionService } from './inspection.service.js';
export { inspectionRoutes } from './inspection.routes.js';
