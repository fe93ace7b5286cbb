// The payment network behind the Merchant API. An adapter for a real chain (or processor) implements
// this interface; it reports what happens on chain through the one lifecycle path (lifecycle.ts:
// `reportPayment`, `reportConfirmations`), exactly as the sandbox API does.
import type { Queryable } from '../../db/database.js';

export interface PaymentNetwork {
  readonly name: string;
  /** Whether the sandbox API and the page's "simulate payment" buttons are offered. */
  readonly simulated: boolean;
  /** Whether the network holds the merchant's funds, so it can withdraw and exchange (non-custodial live networks cannot). */
  readonly custodial: boolean;
  /** The crypto currencies the network can take (currencies/list); absent: every one the Merchant API knows (the sandbox). */
  readonly currencies?: readonly string[];
  /**
   * A deposit address for one invoice in one currency. The sandbox's is a function of the input; a
   * live network derives a fresh one each call and records it in `tx`, the caller's transaction if any.
   */
  assignAddress(input: { organisationId: string; invoiceId: bigint; currency: string; tx?: Queryable }): Promise<{
    address: string;
    tag: string | null;
  }>;
  /** How many units of `to` buy one unit of `from`, in 1e-8 units; null when the pair is not quoted. */
  rate(from: string, to: string): bigint | null;
  /** Units of `to` worth `amount` units of `from`, rounded up (the payer never pays less); null when not quoted. */
  quote(amount: bigint, from: string, to: string): bigint | null;
  /** A live network's decimals of a currency on chain (ERC-20 tokens: read from the contract), for payment URIs. */
  decimals?(currency: string): number | null;
}
