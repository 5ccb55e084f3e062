export * from './common.js';
export * from './users/roles.js';
export * from './users/users.schemas.js';
export * from './errors/error-codes.js';
export * from './auth/auth.schemas.js';
export * from './zones/zones.schemas.js';
export * from './audit/audit.schemas.js';
export * from './calendar/calendar.schemas.js';
