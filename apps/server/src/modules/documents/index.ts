export { createDocumentsService, DOCUMENT_NUMBER_FACT, type DocumentsService, type IssueDocumentInput, type IssueDocumentSection } from './documents.service.js';
export { documentsRoutes } from './documents.routes.js';
export { CjkFontNotFoundError, locateCjkFonts, type CjkFontSet } from './documents.fonts.js';
