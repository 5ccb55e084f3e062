export { createZonesService, type ZonesService } from './zones.service.js';
export { zonesRoutes } from './zones.routes.js';
export { countDepartments, findZoneSetting } from './zones.repository.js';
