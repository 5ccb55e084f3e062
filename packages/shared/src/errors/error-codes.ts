/**
 * Every coded error a client can receive, with its HTTP status. The web app turns each code into a
 * message in the user's language (apps/web/src/app/i18n); the server's message is for logs.
 */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_ACCOUNT_LOCKED: 423,
  AUTH_ACCOUNT_DISABLED: 403,
  AUTH_SECOND_FACTOR_REQUIRED: 401,
  AUTH_SECOND_FACTOR_INVALID: 401,
  AUTH_SECOND_FACTOR_SETUP_REQUIRED: 403,
  AUTH_SESSION_EXPIRED: 401,
  AUTH_PASSWORD_CHANGE_REQUIRED: 403,
  AUTH_CSRF_INVALID: 403,
  AUTH_RATE_LIMITED: 429,
  PASSWORD_TOO_WEAK: 400,
  PASSWORD_TOO_COMMON: 400,
  PASSWORD_REUSED: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  USER_USERNAME_TAKEN: 409,
  USER_ADMIN_ROLES_SEPARATED: 400,
  USER_ROLE_NOT_ALLOWED: 400,
  USER_CANNOT_CHANGE_SELF: 400,
  DEPARTMENT_CODE_TAKEN: 409,
  DEPARTMENT_IN_USE: 409,
  RATE_LIMITED: 429,
  CALENDAR_YEAR_NOT_LOADED: 422,
  /** A catalogue workbook with bad cells (each listed in `fields` as `sheet.<sheet>.row.<n>.<column>`); nothing was imported. */
  CATALOGUE_IMPORT_INVALID: 400,
  FILE_TYPE_NOT_ALLOWED: 415,
  FILE_TOO_LARGE: 413,
  FILE_UPLOAD_INCOMPLETE: 409,
  CASE_INVALID_TRANSITION: 409,
  CASE_VERSION_CONFLICT: 409,
  CASE_INCOMPLETE: 422,
  DOCUMENT_REVOKED: 409,
  RATING_NOT_ALLOWED: 409,
  INSPECTION_NO_SLOT: 409,
  INSPECTION_SLOT_TAKEN: 409,
  INSPECTION_LINK_INVALID: 403,
  INSPECTION_LINK_EXPIRED: 410,
  INSPECTION_INVALID_TRANSITION: 409,
  /** Recording (and so the record) needs at least two distinct identified inspectors in the live session (SPEC §3.4). */
  INSPECTION_RECORDING_NEEDS_TWO_INSPECTORS: 409,
  /** The applicant's phone is not in the live session (snapshot, camera switch). */
  INSPECTION_PHONE_ABSENT: 409,
  /** Every inspector slot of the live session is taken. */
  INSPECTION_ROOM_FULL: 409,
  /** The browser's WebRTC offer does not follow the transceiver layout or cannot be answered. */
  INSPECTION_OFFER_INVALID: 422,
  /** The live session was ended; join again to resume it. */
  INSPECTION_SESSION_ENDED: 409,
  /** A snapshot upload that no inspector asked for (or that was already uploaded). */
  INSPECTION_SNAPSHOT_NOT_REQUESTED: 409,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The body of every error reply: `{ error: { code, message, fields? } }`. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** For VALIDATION_FAILED and field-level rules: the offending fields by path, with a reason code. */
    fields?: Array<{ field: string; reason: string }>;
    requestId?: string;
  };
}
