import { AppError } from '../../lib/errors.js';

/** Refusals of user administration. */
export class UserError extends AppError {}
