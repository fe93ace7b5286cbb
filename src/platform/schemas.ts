// Schemas and patterns shared by every route: the problem document of the Offers and admin APIs.
import { Type } from '@sinclair/typebox';

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    violations: Type.Optional(
      Type.Array(
        Type.Object({
          propertyPath: Type.String(),
          message: Type.String(),
          code: Type.String({ description: 'What broke: required, unknown_field, invalid_type, invalid_choice, too_long … or invalid' }),
        }),
      ),
    ),
    requestId: Type.String(),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/** A problem-document response with its own description. */
export const problem = (description: string) => ({ ...Type.Ref(ProblemSchema), description });

/** The error responses any authenticated route may give. */
export const ProblemResponses = {
  400: problem('Invalid parameters'),
  401: problem('Missing or invalid token'),
  404: problem('Not found'),
} as const;

/** A UUID in any case (ids of recipients, media, templates, tokens); compare lower-cased. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
