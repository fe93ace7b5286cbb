// The Merchant API's wire errors, exactly as CryptoProcessing documents them. Domain code throws
// AppError or MerchantApiError; this is the one place that formats them for /api/v2.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { classifyError } from '../platform/classify-error.js';
import { StalePriceError } from './rates/stale.js';

/** An error whose status and body are fixed by the vendor's documentation. */
export class MerchantApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error ?? body.message ?? 'merchant api error'));
  }
}

export const badContentFormat = () => new MerchantApiError(400, { error: 'Bad content format', code: 'bad_content_format' });
export const fieldErrors = (errors: Record<string, string>) => new MerchantApiError(400, { errors });

export const authErrors = {
  noKey: () => new MerchantApiError(403, { error: 'No key header', code: 'required_header_key' }),
  badKey: () => new MerchantApiError(403, { error: 'Bad key header', code: 'bad_header_key' }),
  noSignature: () => new MerchantApiError(403, { error: 'No signature header', code: 'required_header_signature' }),
  badSignature: () => new MerchantApiError(403, { error: 'Bad signature header', code: 'bad_header_signature' }),
  // The timestamped scheme (offerpay extension): the same shape, one code per thing that was wrong.
  noTimestamp: () => new MerchantApiError(403, { error: 'No timestamp header', code: 'required_header_timestamp' }),
  badTimestamp: () => new MerchantApiError(403, { error: 'Bad timestamp header (unix seconds expected)', code: 'bad_header_timestamp' }),
  noNonce: () => new MerchantApiError(403, { error: 'No nonce header', code: 'required_header_nonce' }),
  badNonce: () => new MerchantApiError(403, { error: 'Bad nonce header (16 to 64 of A-Z a-z 0-9 _ -)', code: 'bad_header_nonce' }),
  badTimestampedSignature: () =>
    new MerchantApiError(403, {
      error: 'Bad signature header (timestamped signatures are on: sign timestamp, nonce, method, path and body)',
      code: 'bad_header_signature',
    }),
  outsideWindow: (seconds: number) =>
    new MerchantApiError(403, {
      error: `Timestamp header is more than ${seconds} seconds away from the server's time`,
      code: 'timestamp_outside_window',
    }),
  nonceReused: () => new MerchantApiError(403, { error: 'Nonce already used', code: 'nonce_reused' }),
};

export const payloadTooLarge = () => new MerchantApiError(413, { error: 'Request body is too large', code: 'payload_too_large' });
export const featureDisabled = (feature: string) => new MerchantApiError(400, { message: `Required features [${feature}] not enabled.` });

/** The invoice is not in a status that allows the change (the seed's "Invalid state" example by default). */
export const invalidInvoiceState = (message = 'Invoice cannot be failed in its current state.') =>
  new MerchantApiError(400, { error: message, code: 'invalid_invoice_state' });
/** No invoice with this key for the merchant; reported on the field that named it. */
export const invoiceNotFound = (field: 'foreign_id' | 'id' = 'foreign_id') => fieldErrors({ [field]: 'Invoice not found.' });
/** A merchant in live mode, or a live invoice: the sandbox is a feature it does not have. */
export const sandboxNotEnabled = () => featureDisabled('sandbox');
/** A merchant in live mode on a server started without a live network (EVM_NETWORKS). */
export const liveNotConfigured = () =>
  new MerchantApiError(400, { error: 'Live payments are not configured on this server.', code: 'live_not_configured' });
export const sandboxDisabled = () =>
  new MerchantApiError(403, { error: 'The sandbox API is not available on this network.', code: 'sandbox_disabled' });

/**
 * The payer's hosted page (`/invoice/{slug}/…`) answers its JSON side routes with `{error, detail}`
 * (an unknown slug with `{error, code}`), never with the Merchant API's field errors.
 */
class PageError extends MerchantApiError {}

export const pageErrors = {
  notFound: () => new PageError(404, { error: 'Invoice not found.', code: 'not_found' }),
  refused: (status: 400 | 403, detail: string) => new PageError(status, { error: detail, detail }),
  badRequest: () => new PageError(400, { error: 'Bad request.', detail: 'Bad request.' }),
  internal: () => new PageError(500, { error: 'Internal error.', detail: 'Internal error.' }),
};

/** The live price feed's newest price is too old to quote from (rates/feed.ts). */
const stalePrice = (error: StalePriceError) => new MerchantApiError(400, { error: error.message, code: 'stale_price' });

export function toPageError(error: unknown): MerchantApiError {
  if (error instanceof PageError) return error;
  if (error instanceof StalePriceError) return pageErrors.refused(400, error.message);
  if (error instanceof MerchantApiError) {
    const body = error.body as { errors?: Record<string, string>; error?: string };
    return pageErrors.refused(error.status === 403 ? 403 : 400, body.error ?? Object.values(body.errors ?? {})[0] ?? 'Request refused.');
  }
  // Anything else a client caused (a bad body, a wrong content type, too large) keeps its 4xx status.
  const app = classifyError(error);
  if (app.code === 'validation' || app.code === 'bad_request') return pageErrors.badRequest();
  if (app.status < 500) return new PageError(app.status, { error: app.message, detail: app.message });
  return pageErrors.internal();
}

export function toMerchantError(error: unknown): MerchantApiError {
  if (error instanceof MerchantApiError) return error;
  if (error instanceof StalePriceError) return stalePrice(error);
  const app = classifyError(error);
  switch (app.code) {
    case 'validation':
    case 'unprocessable':
      // One message per field, the first one found, as the vendor does.
      return fieldErrors(Object.fromEntries([...app.violations].reverse().map((v) => [v.propertyPath || 'body', v.message])));
    case 'bad_request':
    case 'unsupported_media_type':
      return badContentFormat();
    case 'payload_too_large':
      return payloadTooLarge();
    case 'internal':
      return new MerchantApiError(500, { error: 'Internal error', code: 'internal_error' });
    default:
      return new MerchantApiError(app.status, { error: app.message, code: app.code });
  }
}

export function sendMerchantError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const e = toMerchantError(error);
  if (e.status >= 500) request.log.error({ err: error }, 'merchant request failed');
  return reply.status(e.status).header('x-request-id', request.id).send(e.body);
}

// The wallet (addresses, withdrawals, exchange): decisions recorded in docs/merchant.md.
/** The balance cannot cover the debit; reported on the amount field that asked for it. */
export const insufficientFunds = (field = 'amount') => fieldErrors({ [field]: 'Insufficient funds.' });
/** The payment network holds no funds (a non-custodial live network): it cannot withdraw or exchange. */
export const operationUnavailable = (operation: 'Withdrawals' | 'Exchanges' | 'Permanent deposit addresses') =>
  new MerchantApiError(400, { error: `${operation} are not available on this payment network.`, code: 'operation_unavailable' });
/** futures/rates and futures/confirm: the vendor's legacy fixed-rate deposits, not offered. */
export const futuresUnavailable = () =>
  new MerchantApiError(400, {
    error: 'Futures are not available; use exchange/calculate and exchange/fixed.',
    code: 'futures_unavailable',
  });
export const exchangeUnavailable = (field = 'sender_currency') => fieldErrors({ [field]: 'Exchange is unavailable for given currencies' });
export const addressNotFound = () => fieldErrors({ address: 'Address not found.' });
export const withdrawalNotFound = () => fieldErrors({ foreign_id: 'Withdrawal not found.' });
export const transactionNotFound = (field = 'txid') => fieldErrors({ [field]: 'Transaction not found.' });
/** A live EVM merchant without an xpub (or a currency no configured chain carries): no address can be derived. */
export const noDepositAddress = (field = 'currency') => fieldErrors({ [field]: 'No deposit address can be derived for this currency.' });
