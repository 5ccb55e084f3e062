export { createAuthService, hashSessionToken, type AuthService, type IssuedSession } from './auth.service.js';
export { assertPasswordAllowed } from './password-policy.js';
export { revokeSessionsOfUser } from './auth.repository.js';
export { SESSION_COOKIE, authPlugin, requestMeta, sessionOf } from './auth.plugin.js';
