export { createCasesService, type CasesService, type CaseFileAccess, type IssueDecisionDocument, DEFAULT_WARN_SHARE } from './cases.service.js';
export { casesRoutes } from './cases.routes.js';
export { composeDecisionDocument } from './decision-document.js';
