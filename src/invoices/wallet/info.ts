// transactions/info for the wallet: a deposit, withdrawal or exchange answers with the body of its
// latest callback (the vendor's answer is callback-shaped and not wrapped in `data`).
import type { Context } from '../../platform/context.js';
import { findAddressById } from '../addresses/repository.js';
import { findWalletTransaction } from './repository.js';
import { depositCallback, exchangeCallback, withdrawalCallback } from './serialize.js';

export async function walletTransactionInfo(ctx: Context, key: { id: bigint } | { foreignId: string } | { txid: string }) {
  const { db } = ctx.deps;
  const t = await findWalletTransaction(db, ctx.organisationId, key);
  if (!t) return null;
  if (t.kind === 'withdrawal') return withdrawalCallback(t);
  if (t.kind === 'exchange') return exchangeCallback(t);
  const address = t.address_id === null ? null : await findAddressById(db, ctx.organisationId, t.address_id);
  return address ? depositCallback(t, address) : null;
}
