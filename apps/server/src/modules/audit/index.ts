export { appendAuditEvent, verifyAuditChain, type AuditEntry } from './audit.service.js';
export { computeAuditHash, GENESIS_HASH } from './audit.chain.js';
