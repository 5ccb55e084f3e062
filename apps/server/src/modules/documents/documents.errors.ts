import { AppError } from '../../lib/errors.js';

/** Refusals of the documents module: revoking a document that already is (DOCUMENT_REVOKED). */
export class DocumentError extends AppError {}
