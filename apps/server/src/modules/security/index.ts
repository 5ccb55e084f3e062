export { getSecurityPolicy, updateSecurityPolicy } from './security.service.js';
