// Response schemas of the wallet endpoints (reply serialization and the OpenAPI document). Every
// amount is a string with 8 decimals, as the vendor's.
import { Type, type TSchema } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Amount = Type.String({ pattern: '^\\d+\\.\\d{8}$', description: 'Decimal with 8 places', examples: ['0.01000000'] });

export const AddressReply = Type.Object({
  data: Type.Object({
    id: Type.Integer(),
    currency: Type.String(),
    address: Type.String(),
    tag: Nullable(Type.String()),
    foreign_id: Type.String(),
    end_user_reference: Nullable(Type.String()),
    convert_to: Type.Optional(Type.String()),
  }),
});

export const WithdrawalReply = Type.Object({
  data: Type.Object({
    id: Type.Integer(),
    foreign_id: Type.String(),
    end_user_reference: Nullable(Type.String()),
    type: Type.Union([Type.Literal('withdrawal'), Type.Literal('withdrawal_exchange')]),
    status: Type.String({ description: '`processing` when created; then `confirmed` or `cancelled` (callbacks)' }),
    amount: Amount,
    sender_amount: Amount,
    sender_currency: Type.String(),
    receiver_currency: Type.String(),
    receiver_amount: Amount,
  }),
});

export const CalculateReply = Type.Object({
  data: Type.Object({
    sender_currency: Type.String(),
    sender_amount: Amount,
    receiver_currency: Type.String(),
    receiver_amount: Amount,
    fee_currency: Type.String(),
    fee_amount: Amount,
    price: Amount,
    ts_fixed: Type.Integer({ description: 'Unix seconds' }),
    ts_release: Type.Integer({ description: 'Unix seconds' }),
    fix_period: Type.Integer({ description: 'Seconds' }),
  }),
});

export const ExchangeReply = Type.Object({
  data: Type.Object({
    id: Type.Integer(),
    foreign_id: Type.String(),
    type: Type.Literal('exchange'),
    sender_amount: Amount,
    sender_currency: Type.String(),
    receiver_amount: Amount,
    receiver_currency: Type.String(),
    fee_amount: Amount,
    fee_currency: Type.String(),
    price: Amount,
    status: Type.String(),
  }),
});

export const AddressParams = Type.Object({ address: Type.String({ maxLength: 255 }) });
export const ForeignIdParams = Type.Object({ foreign_id: Type.String({ maxLength: 255 }) });
