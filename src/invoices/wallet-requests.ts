// Request bodies of the wallet endpoints (addresses/take, withdrawal/crypto, exchange/*, their sandbox
// routes), declared once with the field kinds of fields.ts: the same declarations validate (the
// vendor's Laravel-style messages, in field order) and are published in /openapi.json.
import type { TakeAddressInput } from './addresses/take.js';
import { type Currency, findCurrency } from './currencies.js';
import type { ExchangeInput } from './exchange/execute.js';
import type { QuoteInput } from './exchange/quote.js';
import { amount, foreignId, integer, oneOf, requestBody, string, stringMap } from './fields.js';
import { formatUnits, SCALE } from './money.js';
import type { Validator } from './validate.js';
import { isAddressOf } from './withdrawals/address-format.js';
import type { WithdrawInput } from './withdrawals/create.js';

const label = (field: string) => field.replace(/_/g, ' ');
const known = (field: string, type?: Currency['type']) => (code: string) => {
  const c = findCurrency(code);
  return c && (type === undefined || c.type === type) ? undefined : `The selected ${label(field)} is invalid.`;
};
/** The vendor's minimum message, "The amount must be at least 0.001." */
const atLeast = (v: Validator, field: string, units: bigint | undefined, code: string | undefined) => {
  const c = findCurrency(code);
  if (units !== undefined && c && units < c.minimumAmount)
    v.error(field, `The ${label(field)} must be at least ${formatUnits(c.minimumAmount, c.precision)}.`);
};
/** Crypto sent on chain has the currency's precision (USDT: 6 decimals). */
const onChainPrecision = (v: Validator, field: string, units: bigint | undefined, code: string | undefined) => {
  const c = findCurrency(code);
  if (units !== undefined && c && units % 10n ** BigInt(SCALE - c.precision) !== 0n)
    v.error(field, `The ${label(field)} must have at most ${c.precision} decimal places.`);
};
const exactlyOne = (v: Validator, a: string, b: string) => {
  if (!v.has(a) && !v.has(b)) v.error(a, `The ${label(a)} field is required when ${label(b)} is not present.`);
  if (v.has(a) && v.has(b)) v.error(b, `The ${label(b)} field is prohibited when ${label(a)} is present.`);
};
const mica = { sender_type: oneOf(['natural', 'legal'] as const), sender_data: stringMap({ max: 255 }) };

export const takeAddressBody = requestBody(
  {
    currency: string({ required: true, description: 'Crypto currency of the address', check: known('currency', 'crypto') }),
    foreign_id: foreignId({ required: true, description: "The merchant's customer id; one address per foreign_id and currency" }),
    end_user_reference: string({ max: 255 }),
    convert_to: string({ description: 'Deposits are converted into this currency', check: known('convert_to') }),
    ...mica,
  },
  {
    description: 'Idempotent on (foreign_id, currency): the same address is returned again',
    after: (v, b) => {
      if (b.convert_to !== undefined && b.convert_to === b.currency)
        v.error('convert_to', 'The convert to and currency must be different.');
    },
  },
);

export function parseTakeAddress(body: unknown): TakeAddressInput {
  const b = takeAddressBody.read(body);
  return { currency: b.currency, foreignId: b.foreign_id, endUserReference: b.end_user_reference ?? null, convertTo: b.convert_to ?? null };
}

export const withdrawBody = requestBody(
  {
    currency: string({ required: true, description: 'The balance debited', check: known('currency') }),
    convert_to: string({ description: 'Crypto sent, converted from `currency`', check: known('convert_to', 'crypto') }),
    address: string({ required: true, max: 255, description: 'Receiving address of convert_to (or currency)' }),
    tag: string({ max: 255 }),
    amount: amount({ description: 'In `currency`; exactly one of amount and amount_to' }),
    amount_to: amount({ description: 'In convert_to (or currency)' }),
    foreign_id: foreignId({ required: true, description: 'Unique per withdrawal; the same foreign_id returns the existing one' }),
    end_user_reference: string({ max: 255 }),
    ...mica,
    receiver_type: oneOf(['natural', 'legal'] as const),
    receiver_data: stringMap({ max: 255 }),
  },
  {
    description: 'Exactly one of `amount` and `amount_to`',
    after: (v, b) => {
      exactlyOne(v, 'amount', 'amount_to');
      const to = b.convert_to ?? b.currency;
      if (b.convert_to === undefined && findCurrency(b.currency)?.type === 'fiat')
        v.error('convert_to', `The convert to field is required when currency is ${b.currency}.`);
      else if (b.convert_to !== undefined && b.convert_to === b.currency)
        v.error('convert_to', 'The convert to and currency must be different.');
      if (b.address !== undefined && findCurrency(to)?.type === 'crypto' && !isAddressOf(to, b.address))
        v.error('address', 'The address format is invalid.');
      atLeast(v, 'amount', b.amount, b.currency);
      atLeast(v, 'amount_to', b.amount_to, to);
      if (b.convert_to === undefined) onChainPrecision(v, 'amount', b.amount, b.currency);
      onChainPrecision(v, 'amount_to', b.amount_to, to);
    },
  },
);

export function parseWithdraw(body: unknown): WithdrawInput {
  const b = withdrawBody.read(body);
  return {
    currency: b.currency,
    convertTo: b.convert_to ?? null,
    address: b.address,
    tag: b.tag ?? null,
    ...(b.amount !== undefined ? { amount: b.amount } : { amountTo: b.amount_to! }),
    foreignId: b.foreign_id,
    endUserReference: b.end_user_reference ?? null,
  };
}

const pair = {
  sender_currency: string({ required: true, check: known('sender_currency') }),
  receiver_currency: string({ required: true, check: known('receiver_currency') }),
};

export const calculateBody = requestBody(
  { ...pair, sender_amount: amount(), receiver_amount: amount() },
  { description: 'Exactly one of `sender_amount` and `receiver_amount`', after: (v) => exactlyOne(v, 'sender_amount', 'receiver_amount') },
);

export function parseCalculate(body: unknown): QuoteInput {
  const b = calculateBody.read(body);
  return {
    senderCurrency: b.sender_currency,
    receiverCurrency: b.receiver_currency,
    ...(b.sender_amount !== undefined ? { senderAmount: b.sender_amount } : { receiverAmount: b.receiver_amount! }),
  };
}

const exchangeFields = {
  ...pair,
  sender_amount: amount({ required: true }),
  foreign_id: foreignId({ required: true, description: 'Unique per exchange; the same foreign_id returns the existing one' }),
};
const minimum = (v: Validator, b: { sender_amount: bigint; sender_currency: string }) =>
  atLeast(v, 'sender_amount', b.sender_amount, b.sender_currency);

export const exchangeNowBody = requestBody(exchangeFields, { after: minimum });
export const exchangeFixedBody = requestBody(
  { ...exchangeFields, price: amount({ required: true, description: 'The price of an exchange/calculate quote' }) },
  { after: minimum },
);

export function parseExchange(body: unknown, fixed: boolean): ExchangeInput {
  const b = fixed ? exchangeFixedBody.read(body) : { ...exchangeNowBody.read(body), price: undefined };
  return {
    senderCurrency: b.sender_currency,
    receiverCurrency: b.receiver_currency,
    senderAmount: b.sender_amount,
    foreignId: b.foreign_id,
    ...(b.price !== undefined ? { price: b.price } : {}),
  };
}

export const futuresBody = requestBody({}, { description: 'Legacy; always refused' });

export const simulateDepositBody = requestBody({
  amount: amount({ required: true }),
  confirmations: integer({ min: 0, max: 1000, default: 0 }),
  txid: string({ max: 255, description: 'Generated when absent' }),
});

export function parseSimulateDeposit(body: unknown) {
  const b = simulateDepositBody.read(body);
  return { amount: b.amount, confirmations: b.confirmations, txid: b.txid };
}

export const simulateDepositConfirmationsBody = requestBody({
  txid: string({ required: true, max: 255 }),
  confirmations: integer({ min: 1, max: 1000, description: "Defaults to the currency's required count" }),
});

export const parseSimulateDepositConfirmations = (body: unknown) => simulateDepositConfirmationsBody.read(body);

export const settleWithdrawalBody = requestBody({
  status: oneOf(['confirmed', 'cancelled'] as const, { default: 'confirmed', description: 'How the network ends the withdrawal' }),
});

export const parseSettleWithdrawal = (body: unknown) => settleWithdrawalBody.read(body).status;
