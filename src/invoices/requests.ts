// The Merchant API's request bodies, each declared once (fields.ts): the routes read the body here,
// with the vendor's messages, and hand the use cases typed input; the same declarations are the
// bodies' schemas in /openapi.json. Field order is validation order, so error bodies keep their key order.
import type { MerchantSettingsInput } from '../organisations/update-merchant-settings.js';
import type { CreateInvoiceInput } from './create.js';
import { findCurrency, fitsPrecision } from './currencies.js';
import { amount, boolean, email, foreignId, integer, oneOf, requestBody, returnUrl, string, stringMap, urlOrNull } from './fields.js';
import { formatUnits } from './money.js';
import type { TransactionLookup } from './queries.js';
import type { InvoiceKey } from './repository.js';
import type { SimulatePaymentInput } from './sandbox-api.js';
import { INVOICE_TYPES, STATUSES } from './states.js';

/** Cancel, settings/info: nothing may be sent but `{}`. */
export const emptyBody = requestBody({}, { closed: true, description: 'Send `{}`' });
/** accounts/list: the body is signed but its fields are ignored. */
export const ignoredBody = requestBody({}, { description: 'Send `{}`' });

export const createInvoiceBody = requestBody({
  type: oneOf(INVOICE_TYPES, { default: 'fill_or_kill' }),
  timer: boolean({ required: true, description: 'true: the invoice expires 15 minutes after creation' }),
  title: string({ required: true, max: 50 }),
  description: string({ max: 1000 }),
  foreign_id: foreignId({ required: true, description: 'Unique per merchant; a JSON integer is read as its decimal string' }),
  end_user_reference: string({ max: 255 }),
  currency: string({
    required: true,
    description: 'The currency the merchant is paid in (see currencies/list)',
    check: (code) => (findCurrency(code) ? undefined : 'The selected currency is invalid.'),
  }),
  sender_currency: string({
    description: 'Crypto currency the payer pays in; with timer=true the rate is fixed at once',
    check: (code) => (findCurrency(code)?.type === 'crypto' ? undefined : 'The selected sender currency is invalid.'),
  }),
  amount: amount({
    required: true,
    description: "In a fiat currency at most its ISO 4217 minor unit's decimals (2; JPY 0); at least the currency's minimum_amount",
    check: (units, { currency: code }) => {
      const currency = findCurrency(code);
      if (!currency) return undefined;
      // Refused, not rounded: a shop sends its price already in the currency's minor unit; rounding would change it.
      if (currency.type === 'fiat' && !fitsPrecision(currency, units))
        return `The amount may not have more than ${currency.precision} decimal places for ${currency.currency}.`;
      if (units < currency.minimumAmount)
        return `The amount is too small. The minimum amount is ${formatUnits(currency.minimumAmount, currency.precision)} ${currency.currency}.`;
      return undefined;
    },
  }),
  url_success: returnUrl({ required: true }),
  url_failed: returnUrl({ required: true }),
  email_user: email(),
  sender_type: oneOf(['natural', 'legal'] as const),
  sender_data: stringMap({ max: 255 }),
});

export function parseCreateInvoice(body: unknown, relaxedUrls: boolean): CreateInvoiceInput {
  const b = createInvoiceBody.read(body, { relaxedUrls });
  return {
    type: b.type,
    timer: b.timer,
    title: b.title,
    description: b.description ?? null,
    foreignId: b.foreign_id,
    endUserReference: b.end_user_reference ?? null,
    currency: b.currency,
    senderCurrency: b.sender_currency ?? null,
    amount: b.amount,
    urlSuccess: b.url_success,
    urlFailed: b.url_failed,
    emailUser: b.email_user ?? null,
    senderType: b.sender_type ?? null,
    senderData: b.sender_data ?? null,
  };
}

export const invoiceInfoBody = requestBody(
  { id: integer({ min: 1 }), foreign_id: foreignId() },
  {
    description: 'One of `id` or `foreign_id` (id wins when both are sent)',
    after: (v) => {
      if (!v.has('id') && !v.has('foreign_id')) v.error('foreign_id', 'The foreign id field is required when id is not present.');
    },
  },
);

export function parseInvoiceInfo(body: unknown): { invoice: InvoiceKey } {
  const b = invoiceInfoBody.read(body);
  return { invoice: b.id !== undefined ? { id: BigInt(b.id) } : { foreignId: b.foreign_id! } };
}

export const listInvoicesBody = requestBody({
  page: integer({ min: 1, default: 1 }),
  per_page: integer({ min: 1, max: 100, default: 25 }),
  status: oneOf(STATUSES),
});

export function parseListInvoices(body: unknown) {
  const b = listInvoicesBody.read(body);
  return { page: b.page, perPage: b.per_page, ...(b.status ? { status: b.status } : {}) };
}

export const listCurrenciesBody = requestBody({ visible: boolean() });

export const parseListCurrencies = (body: unknown): { visible?: boolean } => ({ visible: listCurrenciesBody.read(body).visible });

const pairBody = (required: boolean) =>
  requestBody(
    { currency_from: string({ required }), currency_to: string({ required }) },
    {
      // After both fields (not as field checks): the vendor reports a missing currency_to before an unknown currency_from.
      after: (v, b) => {
        if (b.currency_from !== undefined && !findCurrency(b.currency_from))
          v.error('currency_from', 'The selected currency from is invalid.');
        if (b.currency_to !== undefined && !findCurrency(b.currency_to)) v.error('currency_to', 'The selected currency to is invalid.');
      },
    },
  );
/** currencies/pairs filters by either currency; currencies/rates names both. */
export const pairsBody = pairBody(false);
export const ratesBody = pairBody(true);

export function parsePairs(body: unknown, both: boolean): { from?: string; to?: string } {
  const b = (both ? ratesBody : pairsBody).read(body);
  return { from: b.currency_from, to: b.currency_to };
}

const LOOKUP_FIELDS = ['id', 'foreign_id', 'txid'] as const;

export const transactionInfoBody = requestBody(
  { id: integer({ min: 1 }), foreign_id: foreignId(), txid: string({ max: 255 }) },
  {
    description: "Exactly one of `id` (the transaction's), `foreign_id` (its invoice's) or `txid`",
    after: (v) => {
      const given = LOOKUP_FIELDS.filter((f) => v.has(f));
      if (given.length !== 1) v.error(given[1] ?? 'id', 'Exactly one of id, foreign_id or txid is required.');
    },
  },
);

export function parseTransactionInfo(body: unknown): TransactionLookup {
  const b = transactionInfoBody.read(body);
  if (b.foreign_id !== undefined) return { foreignId: b.foreign_id };
  return b.id !== undefined ? { id: BigInt(b.id) } : { txid: b.txid! };
}

export const simulatePaymentBody = requestBody({
  currency: string({ description: "Defaults to the invoice's sender_currency" }),
  amount: amount({ description: 'Defaults to what is still due' }),
  confirmations: integer({ min: 0, max: 1000, default: 0 }),
  txid: string({ max: 255 }),
});

export function parseSimulatePayment(body: unknown, invoice: InvoiceKey): SimulatePaymentInput {
  const b = simulatePaymentBody.read(body);
  return { invoice, currency: b.currency, amount: b.amount, confirmations: b.confirmations, txid: b.txid };
}

export const simulateConfirmationsBody = requestBody({
  confirmations: integer({ min: 1, max: 1000, description: "Defaults to the currency's required count" }),
  txid: string({ max: 255, description: "Only this transaction; all of the invoice's by default" }),
});

export function parseSimulateConfirmations(body: unknown, invoice: InvoiceKey) {
  const b = simulateConfirmationsBody.read(body);
  return { invoice, confirmations: b.confirmations, txid: b.txid };
}

const SETTINGS = ['callback_url', 'mode', 'evm_xpub'] as const;

export const settingsUpdateBody = requestBody(
  {
    callback_url: urlOrNull({ max: 2048, description: 'Where invoice callbacks are sent; null removes it' }),
    mode: oneOf(['sandbox', 'live'] as const, { description: 'live needs a valid evm_xpub, sent now or before' }),
    evm_xpub: string({ max: 200, description: "Account-level extended public key (BIP-44 m/44'/60'/0'); deposit address i is xpub/0/i" }),
  },
  {
    closed: true,
    description: 'At least one of the fields; those not sent keep their value',
    after: (v) => {
      if (!SETTINGS.some((f) => f in v.body))
        v.error('callback_url', 'The callback url field is required when none of mode / evm xpub are present.');
    },
  },
);

export function parseSettingsUpdate(body: unknown): MerchantSettingsInput {
  const b = settingsUpdateBody.read(body);
  return { callbackUrl: b.callback_url, mode: b.mode, evmXpub: b.evm_xpub };
}
