import { Type, type Static, type TSchema } from '@sinclair/typebox';

export const uuidSchema = Type.String({ format: 'uuid' });

/** Page and size of a list; size is capped so a single request stays cheap. */
export const pageQuerySchema = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
});
export type PageQuery = Static<typeof pageQuerySchema>;

export function pageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

export const idParamsSchema = Type.Object({ id: uuidSchema });
export type IdParams = Static<typeof idParamsSchema>;

export const okReplySchema = Type.Object({ ok: Type.Literal(true) });

export const errorReplySchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }))),
    requestId: Type.Optional(Type.String()),
  }),
});
