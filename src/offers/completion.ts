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
import type * as offersRepo from './repository.js';
import { planSubscription } from './subscription.js';
import { OfferWrites } from './offer-writes.js';

export interface Completion {
  /** The offer as committed: signed, with its subscription, without documents yet. */
  offer: offersRepo.OfferRow;
  /** Leased to the completing request, which runs it right after the commit. */
  job: jobs.DocumentsJob;
}

/** Inside the completing transaction, under the offer's lock: the quick writes, added to the use case's one statement. */
export function planCompletion(ctx: Context<string | null>, writes: OfferWrites): Completion {
  const now = ctx.deps.clock.now();
  const offer = writes.offer;
  const content = offer.published_content as PublishedContent;
  const started = planSubscription(offer, (content.name as string | null | undefined) ?? null, now);
  writes.insertSubscription(started.row);
  const updated = writes.updateOffer({
    signed: true,
    signed_at: now,
    subscription_id: started.id,
    subscription: started.subscription,
    updated_at: now,
  });
  const job: jobs.NewDocumentsJob = {
    id: crypto.randomUUID(),
    organisationId: offer.organisation_id,
    offerId: offer.id,
    claim: crypto.randomUUID(),
    leaseUntil: new Date(now.getTime() + LEASE_MS),
    now,
  };
  writes.insertJob(job);
  return { offer: updated, job: jobs.insertedJob(job) };
}

/** planCompletion as a statement of its own (the offer locked by the caller). */
export async function completeOffer(ctx: Context<string | null>, tx: Queryable, offer: offersRepo.OfferRow): Promise<Completion> {
  const writes = new OfferWrites(ctx, offer, []);
  const completion = planCompletion(ctx, writes);
  await writes.flush(tx);
  return completion;
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
