export { appendAuditEvent, verifyAuditChain, type AuditEntry } from './audit.service.js';
export { computeAuditHash, GENESIS_HASH } from './audit.chain.js';
export { auditRoutes } from './audit.routes.js';
export { countAuditSince } from './audit.repository.js';
