// Response schemas of the Merchant API (reply serialization and the OpenAPI document) and the route
// options every /api/v2 route shares. Request bodies are declared in requests.ts: their schemas are
// derived from the same declarations that validate them, with the vendor's exact field messages
// (`{"errors": {"amount": "The amount is too small. …"}}`), which Ajv cannot give.
import { Type, type TSchema } from '@sinclair/typebox';
import { STATUSES } from './states.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Amount = Type.String({ pattern: '^\\d+\\.\\d{8}$', description: 'Decimal with 8 places', examples: ['106.75000000'] });
const Unix = Nullable(Type.Integer({ description: 'Unix seconds' }));
const Status = Type.Union(STATUSES.map((s) => Type.Literal(s)));

const InvoiceFields = {
  id: Type.Integer(),
  url: Type.String({ format: 'uri' }),
  foreign_id: Type.String(),
  end_user_reference: Nullable(Type.String()),
  address: Nullable(Type.String()),
  title: Type.String(),
  status: Status,
  currency: Type.String(),
  amount: Amount,
  sender_currency: Nullable(Type.String()),
  sender_amount: Nullable(Amount),
  fixed_at: Unix,
  release_at: Unix,
  seconds_left: Nullable(Type.Integer()),
};
export const InvoiceData = Type.Object(InvoiceFields);

export const InvoiceDetails = Type.Object({
  ...InvoiceFields,
  type: Type.String(),
  timer: Type.Boolean(),
  description: Nullable(Type.String()),
  error: Nullable(Type.String()),
  expires_at: Unix,
  created_at: Unix,
});

export const ForeignIdParams = Type.Object({ foreign_id: Type.String({ maxLength: 255 }) });

export const ListReply = Type.Object({
  data: Type.Array(InvoiceDetails),
  meta: Type.Object({ current_page: Type.Integer(), per_page: Type.Integer(), total: Type.Integer(), last_page: Type.Integer() }),
});

// The bodies are read by requests.ts (the vendor's messages): the body schema is never given to Ajv.
const documentedOnly = () => () => true;

export const anyBody = (description: string) => Type.Unknown({ description });
const errors = {
  400: anyBody('`{"errors": {field: message}}`, `{"error", "code"}` or `{"message"}`'),
  403: anyBody('Missing or bad key or signature header'),
};

/** A signed Merchant API route's options: its body schema (from requests.ts), replies and the vendor's errors. */
export function route(summary: string, body: TSchema, response: Record<number, TSchema>, extra: Record<string, unknown> = {}) {
  return {
    validatorCompiler: documentedOnly,
    schema: { tags: ['Merchant API'], summary, security: [{ xProcessingKey: [] }], body, response: { ...response, ...errors }, ...extra },
  };
}
