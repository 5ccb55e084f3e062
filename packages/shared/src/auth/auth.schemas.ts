import { Type, type Static } from '@sinclair/typebox';
import { uuidSchema } from '../common.js';
import { zoneSchema } from '../zones/zones.schemas.js';
import { ROLES, USER_KINDS } from '../users/roles.js';

export const roleSchema = Type.Union(ROLES.map((role) => Type.Literal(role)));
export const userKindSchema = Type.Union(USER_KINDS.map((kind) => Type.Literal(kind)));

export const signInBodySchema = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof signInBodySchema>;

/**
 * Where sign-in stands: `active` (signed in), `second_factor` (enter the TOTP code),
 * `second_factor_setup` (an admin without TOTP must enrol first), `password_change` (the password
 * has expired under the 等保 policy and must be changed before anything else).
 */
export const sessionStageSchema = Type.Union([
  Type.Literal('active'),
  Type.Literal('second_factor'),
  Type.Literal('second_factor_setup'),
  Type.Literal('password_change'),
]);
export type SessionStage = Static<typeof sessionStageSchema>;

export const sessionUserSchema = Type.Object({
  id: uuidSchema,
  username: Type.String(),
  displayName: Type.String(),
  kind: userKindSchema,
  roles: Type.Array(roleSchema),
  zone: zoneSchema,
  department: Type.Union([Type.Object({ id: uuidSchema, nameZh: Type.String(), nameEn: Type.String() }), Type.Null()]),
  hasSecondFactor: Type.Boolean(),
});
export type SessionUser = Static<typeof sessionUserSchema>;

export const sessionReplySchema = Type.Object({
  stage: sessionStageSchema,
  user: sessionUserSchema,
  /** Send back as the `x-csrf-token` header on every write. */
  csrfToken: Type.String(),
  /** When the session ends regardless of activity (ISO time). */
  expiresAt: Type.String({ format: 'date-time' }),
  /** Minutes of inactivity after which the session ends. */
  idleMinutes: Type.Integer(),
});
export type SessionReply = Static<typeof sessionReplySchema>;

export const secondFactorBodySchema = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);
export type SecondFactorBody = Static<typeof secondFactorBodySchema>;

export const secondFactorSetupReplySchema = Type.Object({
  secret: Type.String(),
  otpauthUrl: Type.String(),
  /** PNG data URL of the QR code for an authenticator app. */
  qrCodeDataUrl: Type.String(),
});
export type SecondFactorSetupReply = Static<typeof secondFactorSetupReplySchema>;

export const changePasswordBodySchema = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 256 }),
    newPassword: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type ChangePasswordBody = Static<typeof changePasswordBodySchema>;
