export { createRatingsService, RECTIFICATION_DAYS, type RatingsService } from './ratings.service.js';
export { ratingsRoutes } from './ratings.routes.js';
