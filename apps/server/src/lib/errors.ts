import { ERROR_STATUS, type ErrorCode } from '@yuanqu/shared';

export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * Base of every coded error. Modules throw their own subclass (`AuthError`, `UserError`, …) so a
 * stack trace says which domain refused; the error handler maps `code` to the HTTP status.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldProblem[] | undefined;

  constructor(code: ErrorCode, message: string, fields?: FieldProblem[]) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.fields = fields;
  }

  get statusCode(): number {
    return ERROR_STATUS[this.code];
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You may not do this') {
    super('FORBIDDEN', message);
  }
}

export class ValidationError extends AppError {
  constructor(fields: FieldProblem[], message = 'The request is invalid') {
    super('VALIDATION_FAILED', message, fields);
  }
}
