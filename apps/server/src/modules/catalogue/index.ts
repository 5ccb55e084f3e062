export { createCatalogueService, toServiceItem, type CatalogueService } from './catalogue.service.js';
export { catalogueRoutes } from './catalogue.routes.js';
export { DEMO_CATALOGUE, seedDemoCatalogue } from './catalogue.demo.js';
