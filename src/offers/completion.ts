// The offer becomes `signed` by the recipients (the last signature, or the invoice details after
// it): the subscription starts and the offer is marked signed in the completing transaction, with
// a documents job row beside it; the signed PDF and the audit trail are rendered after the commit
// (documents-job.ts), so no row lock is held while they render and a crash in between loses nothing.
import crypto from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { PublishedContent } from '../documents/offer-documents.js';
import type { Context } from '../platform/context.js';
import type { Deps } from '../platform/deps.js';
import * as jobs from './documents-job-repository.js';
import { LEASE_MS, releaseDocumentsJob, runDocumentsJob } from './documents-job.js';
import type { PublicRecipientRow } from './public/repository.js';
import * as offersRepo from './repository.js';
import { startSubscription } from './subscription.js';

export interface Completion {
  /** The offer as committed: signed, with its subscription, without documents yet. */
  offer: offersRepo.OfferRow;
  /** Leased to the completing request, which runs it right after the commit. */
  job: jobs.DocumentsJob;
}

/** Inside the completing transaction, under the offer's lock: quick writes only. */
export async function completeOffer(ctx: Context<string | null>, tx: Queryable, offer: offersRepo.OfferRow): Promise<Completion> {
  const now = ctx.deps.clock.now();
  const content = offer.published_content as PublishedContent;
  const { id: subscriptionId, subscription } = await startSubscription(tx, offer, (content.name as string | null | undefined) ?? null, now);
  const updated = await offersRepo.updateOffer(tx, offer.organisation_id, offer.id, {
    signed: true,
    signed_at: now,
    subscription_id: subscriptionId,
    subscription,
    updated_at: now,
  });
  const job = await jobs.insertJob(tx, {
    id: crypto.randomUUID(),
    organisationId: offer.organisation_id,
    offerId: offer.id,
    claim: crypto.randomUUID(),
    leaseUntil: new Date(now.getTime() + LEASE_MS),
    now,
  });
  return { offer: updated, job };
}

/**
 * After the commit: renders and stores the documents, so the response already links them. Should
 * that fail, the job goes back to the queue (the documents worker retries it) and the offer is
 * answered as committed, signed and without document links yet.
 */
export async function finishCompletion(deps: Deps, completion: Completion, recipients: PublicRecipientRow[]): Promise<offersRepo.OfferRow> {
  try {
    return (await runDocumentsJob(deps, completion.job, { offer: completion.offer, recipients })) ?? completion.offer;
  } catch (error) {
    await releaseDocumentsJob(deps, completion.job, error).catch(() => {});
    return completion.offer;
  }
}
