// Request and response schemas of the Merchant API, for the published OpenAPI document and reply
// serialization. Request validation itself is validate.ts, because clients depend on the vendor's
// exact field messages (`{"errors": {"amount": "The amount is too small. …"}}`), which Ajv cannot give.
import { Type, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Amount = Type.String({ pattern: '^\\d+\\.\\d{8}$', description: 'Decimal with 8 places', examples: ['106.75000000'] });
const AmountIn = Type.Union([Type.Number(), Type.String()], { description: 'A number or a decimal string, at most 8 decimals' });
const Unix = Nullable(Type.Integer({ description: 'Unix seconds' }));
const Status = Type.Union(['created', 'pending', 'processing', 'confirmed', 'failed'].map((s) => Type.Literal(s)));

export const CreateInvoiceBody = Type.Object({
  type: Type.Optional(Nullable(Type.Union([Type.Literal('fill_or_kill'), Type.Literal('good_until_expired')]))),
  timer: Type.Boolean({ description: 'true: the invoice expires 15 minutes after creation' }),
  title: Type.String({ minLength: 1, maxLength: 50 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
  currency: Type.String({ description: 'The currency the merchant is paid in (see currencies/list)' }),
  sender_currency: Type.Optional(Nullable(Type.String({ description: 'Crypto currency the payer pays in; with timer=true the rate is fixed at once' }))),
  amount: AmountIn,
  foreign_id: Type.String({ maxLength: 255, description: 'Unique per merchant' }),
  end_user_reference: Type.Optional(Nullable(Type.String({ maxLength: 255 }))),
  url_success: Type.String({ format: 'uri' }),
  url_failed: Type.String({ format: 'uri' }),
  email_user: Type.Optional(Nullable(Type.String({ format: 'email' }))),
  sender_type: Type.Optional(Nullable(Type.Union([Type.Literal('natural'), Type.Literal('legal')]))),
  sender_data: Type.Optional(Nullable(Type.Record(Type.String(), Type.String()))),
});

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

export const ValidationError = Type.Object({ errors: Type.Record(Type.String(), Type.String()) }, { description: 'Validation failed' });
export const CodedError = Type.Object({ error: Type.String(), code: Type.String() });

export const EmptyBody = Type.Object({}, { additionalProperties: false, description: 'Send `{}`' });
export const ForeignIdParams = Type.Object({ foreign_id: Type.String({ maxLength: 255 }) });

export const InfoBody = Type.Object({ id: Type.Optional(Type.Integer()), foreign_id: Type.Optional(Type.String()) });
export const ListBody = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  status: Type.Optional(Status),
});
export const ListReply = Type.Object({
  data: Type.Array(InvoiceDetails),
  meta: Type.Object({ current_page: Type.Integer(), per_page: Type.Integer(), total: Type.Integer(), last_page: Type.Integer() }),
});

export const PaymentBody = Type.Object({
  currency: Type.Optional(Type.String({ description: 'Defaults to the invoice\'s sender_currency' })),
  amount: Type.Optional(AmountIn),
  confirmations: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  txid: Type.Optional(Type.String()),
});
export const ConfirmationsBody = Type.Object({
  confirmations: Type.Optional(Type.Integer({ minimum: 1, description: 'Defaults to the currency\'s required count' })),
  txid: Type.Optional(Type.String({ description: 'Only this transaction; all of the invoice\'s by default' })),
});

export const CurrencyPairBody = Type.Object({ currency_from: Type.Optional(Type.String()), currency_to: Type.Optional(Type.String()) });
export const TransactionInfoBody = Type.Object({ id: Type.Optional(Type.Integer()), foreign_id: Type.Optional(Type.String()), txid: Type.Optional(Type.String()) });
