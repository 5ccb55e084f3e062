import { Type, type Static } from '@sinclair/typebox';
import { pageQuerySchema, uuidSchema } from '../common.js';
import { roleSchema, userKindSchema } from '../auth/auth.schemas.js';

export const userStatusSchema = Type.Union([Type.Literal('active'), Type.Literal('disabled'), Type.Literal('locked')]);
export type UserStatus = Static<typeof userStatusSchema>;

/** A user as the admin pages show it; never the password hash or the TOTP secret. */
export const userSchema = Type.Object({
  id: uuidSchema,
  username: Type.String(),
  displayName: Type.String(),
  kind: userKindSchema,
  roles: Type.Array(roleSchema),
  departmentId: Type.Union([uuidSchema, Type.Null()]),
  enterpriseId: Type.Union([uuidSchema, Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  status: userStatusSchema,
  hasSecondFactor: Type.Boolean(),
  lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type User = Static<typeof userSchema>;

export const listUsersQuerySchema = Type.Composite([
  pageQuerySchema,
  Type.Object({
    q: Type.Optional(Type.String({ maxLength: 64 })),
    role: Type.Optional(roleSchema),
    departmentId: Type.Optional(uuidSchema),
    status: Type.Optional(userStatusSchema),
  }),
]);
export type ListUsersQuery = Static<typeof listUsersQuerySchema>;

const username = Type.String({ minLength: 3, maxLength: 32, pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]*$' });
const displayName = Type.String({ minLength: 1, maxLength: 64 });
const phone = Type.String({ pattern: '^1[3-9][0-9]{9}$' });
const email = Type.String({ format: 'email', maxLength: 254 });

export const createUserBodySchema = Type.Object(
  {
    username,
    displayName,
    kind: Type.Optional(userKindSchema),
    roles: Type.Array(roleSchema, { minItems: 1, uniqueItems: true }),
    departmentId: Type.Optional(Type.Union([uuidSchema, Type.Null()])),
    enterpriseId: Type.Optional(Type.Union([uuidSchema, Type.Null()])),
    phone: Type.Optional(Type.Union([phone, Type.Null()])),
    email: Type.Optional(Type.Union([email, Type.Null()])),
    /** The first password; the policy of the zone applies. */
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type CreateUserBody = Static<typeof createUserBodySchema>;

export const updateUserBodySchema = Type.Object(
  {
    displayName: Type.Optional(displayName),
    roles: Type.Optional(Type.Array(roleSchema, { minItems: 1, uniqueItems: true })),
    departmentId: Type.Optional(Type.Union([uuidSchema, Type.Null()])),
    phone: Type.Optional(Type.Union([phone, Type.Null()])),
    email: Type.Optional(Type.Union([email, Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateUserBody = Static<typeof updateUserBodySchema>;

export const resetPasswordBodySchema = Type.Object(
  { password: Type.String({ minLength: 1, maxLength: 256 }) },
  { additionalProperties: false },
);
export type ResetPasswordBody = Static<typeof resetPasswordBodySchema>;

/** The zone's security policy (set by the security admin). */
export const securityPolicySchema = Type.Object(
  {
    passwordMinLength: Type.Integer({ minimum: 8, maximum: 64 }),
    /** 等保: at least three of lower case, upper case, digits, symbols. */
    passwordRequireCharacterClasses: Type.Boolean(),
    /** 等保: days after which a password must be changed; 0 = never. */
    passwordMaxAgeDays: Type.Integer({ minimum: 0, maximum: 365 }),
    lockoutThreshold: Type.Integer({ minimum: 3, maximum: 20 }),
    lockoutMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    /** Staff (not only admins) must use a second factor. */
    requireSecondFactorForAllStaff: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SecurityPolicy = Static<typeof securityPolicySchema>;

export const DEFAULT_SECURITY_POLICY: SecurityPolicy = {
  passwordMinLength: 8,
  passwordRequireCharacterClasses: false,
  passwordMaxAgeDays: 0,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  requireSecondFactorForAllStaff: false,
};
