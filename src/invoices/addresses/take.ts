// addresses/take: the customer's permanent deposit address in one currency. Idempotent on
// (foreign_id, currency): the same request again, or a racing twin, returns the same address.
import type { Context } from '../../platform/context.js';
import { merchantNetwork } from '../network/select.js';
import { requireCustodial } from '../wallet/capability.js';
import * as repo from './repository.js';

export interface TakeAddressInput {
  currency: string;
  foreignId: string;
  endUserReference: string | null;
  convertTo: string | null;
}

export async function takeAddress(ctx: Context, input: TakeAddressInput): Promise<repo.DepositAddressRow> {
  const { db, clock } = ctx.deps;
  const existing = await repo.findAddress(db, ctx.organisationId, input.foreignId, input.currency);
  if (existing) return existing;
  requireCustodial(ctx, 'Permanent deposit addresses');
  return db.transaction(async (tx) => {
    const id = await repo.nextAddressId(tx);
    // Negative ids keep the network's derivation input apart from invoice ids (the same interface serves both).
    const { address, tag } = await merchantNetwork(ctx).assignAddress({
      organisationId: ctx.organisationId,
      invoiceId: -id,
      currency: input.currency,
    });
    await repo.insertAddress(tx, {
      id,
      organisation_id: ctx.organisationId,
      foreign_id: input.foreignId,
      currency: input.currency,
      convert_to: input.convertTo,
      address,
      tag,
      end_user_reference: input.endUserReference,
      created_at: clock.now(),
    });
    return (await repo.findAddress(tx, ctx.organisationId, input.foreignId, input.currency))!;
  });
}
