export { createCalendarService, toCalendarError, type CalendarService } from './calendar.service.js';
export { calendarRoutes } from './calendar.routes.js';
export { seedCalendar, SEEDED_YEARS } from './calendar.seed.js';
