// What the payment network can execute. The sandbox holds the merchant's balances and executes
// everything; a non-custodial live network (addresses from the merchant's xpub, no private key here)
// receives invoice payments but can neither send crypto out nor exchange balances, and its watcher
// follows invoice addresses only: a permanent deposit address is not offered there (yet).
import type { Context } from '../../platform/context.js';
import { operationUnavailable } from '../errors.js';
import { merchantNetwork } from '../network/select.js';

export function requireCustodial(ctx: Context, operation: 'Withdrawals' | 'Exchanges' | 'Permanent deposit addresses'): void {
  if (!merchantNetwork(ctx).custodial) throw operationUnavailable(operation);
}
