// Fixing the payer's currency: the quote (the rate is fixed from here on) and the deposit address the
// network derives for it. At creation (timer + sender_currency) or when the payer picks a currency.
import type { Queryable } from '../db/database.js';
import type { Deps } from '../platform/deps.js';
import { fieldErrors } from './errors.js';
import { invoiceNetwork } from './network/select.js';

/** How long a fixed rate (and an unpaid invoice with a timer) lasts. */
export const FIX_WINDOW_MS = 15 * 60 * 1000;

export async function fixCurrency(
  deps: Deps,
  invoice: { organisation_id: string; id: bigint; amount: bigint; currency: string; live: boolean },
  currency: string,
  addressId: bigint,
  tx?: Queryable,
) {
  const network = invoiceNetwork(deps, invoice);
  const senderAmount = network.quote(invoice.amount, invoice.currency, currency);
  if (senderAmount === null) throw fieldErrors({ sender_currency: 'Exchange is unavailable for given currencies' });
  if (senderAmount > 10n ** 17n) throw fieldErrors({ amount: 'The amount is too large for the selected currency.' });
  const { address } = await network.assignAddress({ organisationId: invoice.organisation_id, invoiceId: invoice.id, currency, tx });
  return { sender_currency: currency, sender_amount: senderAmount, address, address_id: addressId };
}
