export * from '../modules/zones/zones.table.js';
export * from '../modules/users/users.table.js';
export * from '../modules/auth/sessions.table.js';
export * from '../modules/audit/audit.table.js';
export * from '../modules/calendar/calendar.table.js';
export * from '../modules/catalogue/catalogue.table.js';
export * from '../modules/files/files.table.js';
export * from '../modules/cases/cases.table.js';
