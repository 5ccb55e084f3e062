import { Type, type Static } from '@sinclair/typebox';
import { uuidSchema } from '../common.js';

export const zoneSchema = Type.Object({
  id: uuidSchema,
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
});
export type Zone = Static<typeof zoneSchema>;

export const departmentSchema = Type.Object({
  id: uuidSchema,
  code: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  userCount: Type.Integer(),
});
export type Department = Static<typeof departmentSchema>;

const departmentCode = Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9][a-z0-9-]*$' });
const departmentName = Type.String({ minLength: 1, maxLength: 64 });

export const createDepartmentBodySchema = Type.Object(
  { code: departmentCode, nameZh: departmentName, nameEn: departmentName },
  { additionalProperties: false },
);
export type CreateDepartmentBody = Static<typeof createDepartmentBodySchema>;

export const updateDepartmentBodySchema = Type.Object(
  { nameZh: Type.Optional(departmentName), nameEn: Type.Optional(departmentName) },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateDepartmentBody = Static<typeof updateDepartmentBodySchema>;
