import { AppError } from '../../lib/errors.js';

/** Refusals of the files module: a type it does not accept, a file too large, an upload not finished. */
export class FileError extends AppError {}
