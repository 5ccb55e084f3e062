import { AppError } from '../../lib/errors.js';

/** Refusals of the catalogue module: a workbook that cannot be imported (CATALOGUE_IMPORT_INVALID), one too large. */
export class CatalogueError extends AppError {}
