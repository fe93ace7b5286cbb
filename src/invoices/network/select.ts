// Which payment network serves a request. A merchant in live mode (the request's `ctx.live`) and an
// invoice created in live mode (`invoices.live`) are served by the live network the server registered
// at start; everything else by the sandbox. A live request on a server without a live network is
// refused (the vendor's 400), never quietly served by the sandbox.
import type { Context } from '../../platform/context.js';
import type { Deps } from '../../platform/deps.js';
import { liveNotConfigured } from '../errors.js';
import { liveNetworkOf, networkOf, type PaymentNetwork } from './index.js';

export function networkFor(deps: Deps, live: boolean): PaymentNetwork {
  if (!live) return networkOf(deps);
  const network = liveNetworkOf(deps);
  if (!network) throw liveNotConfigured();
  return network;
}

/** The network of the merchant making the request. */
export const merchantNetwork = (ctx: Context): PaymentNetwork => networkFor(ctx.deps, ctx.live === true);

/** The network an invoice was created on; a merchant switching modes never moves it. */
export const invoiceNetwork = (deps: Deps, invoice: { live: boolean }): PaymentNetwork => networkFor(deps, invoice.live);
