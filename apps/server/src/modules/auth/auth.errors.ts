import { AppError } from '../../lib/errors.js';

/** Refusals of sign-in, second factor and session checks. */
export class AuthError extends AppError {}
