// Reads of one offer: the offer as the API shows it, and its activity feed.
import type { Context } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import * as repo from './repository.js';
import * as activitiesRepo from './activities-repository.js';
import { offerIdOf, offerView } from './steps.js';

/** The organisation's offer (no lock); 404 when it is not there or the id is malformed. */
export async function findOfferRow(ctx: Context, { offerId }: { offerId: string }): Promise<repo.OfferRow> {
  const row = await repo.findOffer(ctx.deps.db, ctx.organisationId, offerIdOf(offerId));
  if (!row) throw notFound('Offer');
  return row;
}

export async function getOffer(ctx: Context, input: { offerId: string }) {
  return offerView(ctx, ctx.deps.db, await findOfferRow(ctx, input));
}

/** Oldest first; never empty (creation is the first). */
export async function listActivities(ctx: Context, input: { offerId: string }): Promise<activitiesRepo.ActivityRow[]> {
  const row = await findOfferRow(ctx, input);
  return activitiesRepo.listActivities(ctx.deps.db, ctx.organisationId, row.id);
}
