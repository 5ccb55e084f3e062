import { Type, type Static } from '@sinclair/typebox';
import { uuidSchema } from '../common.js';
import { dateStringSchema } from '../calendar/calendar.schemas.js';

/**
 * 好差评 levels: 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. The bottom two are a bad
 * review (差评), which opens a rectification task.
 */
export const ratingLevelSchema = Type.Integer({ minimum: 1, maximum: 5 });
export const BAD_RATING_MAX = 2;

export const rateCaseBodySchema = Type.Object(
  {
    overall: ratingLevelSchema,
    speed: ratingLevelSchema,
    service: ratingLevelSchema,
    attitude: ratingLevelSchema,
    comment: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type RateCaseBody = Static<typeof rateCaseBodySchema>;

export const appealStatusSchema = Type.Union([Type.Literal('pending'), Type.Literal('upheld'), Type.Literal('rejected')]);

export const ratingSchema = Type.Object({
  id: uuidSchema,
  caseId: uuidSchema,
  caseNumber: Type.Union([Type.String(), Type.Null()]),
  /** 1 for the first rating, 2 for the one after the return visit. */
  round: Type.Integer(),
  overall: Type.Integer(),
  speed: Type.Integer(),
  service: Type.Integer(),
  attitude: Type.Integer(),
  comment: Type.Union([Type.String(), Type.Null()]),
  isBad: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  appeal: Type.Union([
    Type.Object({ status: appealStatusSchema, reason: Type.String(), decisionNote: Type.Union([Type.String(), Type.Null()]) }),
    Type.Null(),
  ]),
  /** A bad review's return visit (回访), when the department has recorded it: from then the applicant may rate once more. */
  returnVisitedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type Rating = Static<typeof ratingSchema>;

export const rectificationTaskSchema = Type.Object({
  id: uuidSchema,
  caseId: uuidSchema,
  caseNumber: Type.Union([Type.String(), Type.Null()]),
  serviceItemNameZh: Type.String(),
  serviceItemNameEn: Type.String(),
  department: Type.Object({ id: uuidSchema, nameZh: Type.String(), nameEn: Type.String() }),
  rating: ratingSchema,
  dueOn: Type.Union([dateStringSchema, Type.Null()]),
  /** `open` (rectify and visit), `visited` (waiting for the applicant's follow-up rating), `closed`. */
  status: Type.Union([Type.Literal('open'), Type.Literal('visited'), Type.Literal('closed')]),
  returnVisitNote: Type.Union([Type.String(), Type.Null()]),
  returnVisitAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  followUpRating: Type.Union([ratingSchema, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type RectificationTask = Static<typeof rectificationTaskSchema>;

export const returnVisitBodySchema = Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export const appealBodySchema = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export const appealDecisionBodySchema = Type.Object(
  { isUpheld: Type.Boolean(), note: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

export const satisfactionQuerySchema = Type.Object({
  by: Type.Union([Type.Literal('item'), Type.Literal('department'), Type.Literal('staff')]),
});

export const satisfactionRowSchema = Type.Object({
  key: Type.String(),
  nameZh: Type.String(),
  nameEn: Type.String(),
  ratings: Type.Integer(),
  /** 基本满意 or better. */
  satisfied: Type.Integer(),
  bad: Type.Integer(),
  /** satisfied ÷ ratings, 0–1; null with no ratings. */
  rate: Type.Union([Type.Number(), Type.Null()]),
  averageOverall: Type.Union([Type.Number(), Type.Null()]),
});
export type SatisfactionRow = Static<typeof satisfactionRowSchema>;
