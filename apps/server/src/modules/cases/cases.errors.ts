import { AppError } from '../../lib/errors.js';

/** Refusals of the case workflow: wrong state, stale version, incomplete application. */
export class CaseError extends AppError {}
