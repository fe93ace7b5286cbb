// What the payment network can execute. The sandbox holds the merchant's balances and executes
// everything; a non-custodial live network (addresses from the merchant's xpub, no private key here)
// can receive deposits but can neither send crypto out nor exchange balances.
import type { Deps } from '../../platform/deps.js';
import { operationUnavailable } from '../errors.js';
import { networkOf } from '../network/index.js';

export function requireCustodial(deps: Deps, operation: 'Withdrawals' | 'Exchanges'): void {
  if (!networkOf(deps).custodial) throw operationUnavailable(operation);
}
