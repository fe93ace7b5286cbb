// The documents of a completed offer: the signed PDF (published content + signature page) and the
// audit trail of every activity. Rendered outside any transaction (and off the event loop) from the committed offer, then
// stored in one statement that sets the document ids, records `offer.signed` and emits it (documents-store.ts).
// The request that completes the offer runs its job right after the commit; the worker here picks up
// the jobs a crashed process left (their lease expired).
import crypto from 'node:crypto';
import { auditEntries } from '../documents/audit-trail.js';
import { placeMedia } from '../documents/media-store.js';
import { auditLogDocument, signedDocument, type PublishedContent } from '../documents/offer-documents.js';
import { renderOffThread } from '../documents/render-off-thread.js';
import { sellerOf } from '../documents/seller-input.js';
import { systemContext } from '../platform/context.js';
import { sha256 } from '../platform/crypto.js';
import type { Deps } from '../platform/deps.js';
import { startPeriodic, type Periodic } from '../platform/periodic.js';
import type { ActivityData } from './activities.js';
import * as jobs from './documents-job-repository.js';
import * as publicRepo from './public/repository.js';
import { personName } from './public/rules.js';
import * as offersRepo from './repository.js';
import { storeDocuments } from './documents-store.js';
import { offerNumber, serializeOffer } from './serialize.js';
import { activityOf, eventsOf, linksOf } from './steps.js';
import { versionHash } from './version-hash.js';

export const LEASE_MS = 5 * 60_000;
const RETRY_MS = 60_000;

/** The committed state a job renders from; the completing request passes what it has read already. */
export interface Snapshot {
  offer?: offersRepo.OfferRow;
  recipients?: publicRepo.PublicRecipientRow[];
}

/**
 * Renders and stores the documents of the job's offer. Returns the offer as stored, or null when the
 * job is no longer the caller's (another process took it over after the lease expired).
 */
export async function runDocumentsJob(deps: Deps, job: jobs.DocumentsJob, snapshot: Snapshot = {}): Promise<offersRepo.OfferRow | null> {
  const offer = snapshot.offer ?? (await offersRepo.findOffer(deps.db, job.organisation_id, job.offer_id));
  if (!offer?.signed || offer.signed_document_id !== null) {
    await jobs.deleteJob(deps.db, job);
    return offer;
  }
  // The documents carry the time the offer was signed, as when they were rendered inside that transaction.
  const at = offer.signed_at ?? deps.clock.now();
  const content = offer.published_content as PublishedContent;
  const hash = versionHash(offer.published_content as Record<string, unknown>);
  const header = { number: offerNumber(offer.number), issuedAt: offer.issued_at, versionHash: hash };
  const recipients = snapshot.recipients ?? (await publicRepo.listRecipients(deps.db, offer.organisation_id, offer.id));
  // Every activity and the seller in one read: the audit trail lists what the completing commit wrote too.
  const inputs = await jobs.findRenderInputs(deps.db, offer.organisation_id, offer.id);
  if (!inputs) return null;
  const people = new Map(recipients.map((r) => [r.id, { name: r.signature_name ?? personName(r), email: r.email, role: r.role }]));
  const signatures = recipients
    .filter((r) => r.role !== 'read' && r.signed_at !== null)
    .sort((a, b) => a.signed_at!.getTime() - b.signed_at!.getTime())
    .map((r) => ({ ...people.get(r.id)!, signedAt: r.signed_at!, ip: r.signature_ip, image: r.signature_image }));
  const context = { seller: sellerOf(offer.organisation_id, inputs), invoiceDetails: offer.captured_invoice_details };
  const signedPdf = await renderOffThread(signedDocument(content, header, signatures, at, context));
  const signedId = crypto.randomUUID();
  const signedSha = sha256(signedPdf).toString('hex');

  // The audit trail ends with the `offer.signed` activity that the store step records.
  const signedActivity: ActivityData['offer.signed'] = {
    signedDocument: signedId,
    signedDocumentSha256: signedSha,
    versionHash: hash,
    subscriptionId: offer.subscription_id!,
    subscriptionStatus: String(offer.subscription?.status),
  };
  const activities = [
    ...inputs.activities,
    { id: '', type: 'offer.signed', data: jobs.asStoredJson({ ...signedActivity }), created_at: at },
  ];
  const auditPdf = await renderOffThread(
    auditLogDocument(content, header, auditEntries(activities, people), { signedDocumentSha256: signedSha }, at, context),
  );
  const auditId = crypto.randomUUID();

  const ctx = systemContext({ ...deps, clock: { now: () => at } }, offer.organisation_id, 'offer documents');
  const pdf = (id: string, kind: string, filename: string, content: Buffer) =>
    placeMedia(deps, {
      id,
      organisationId: offer.organisation_id,
      offerId: offer.id,
      kind,
      filename,
      contentType: 'application/pdf',
      content,
      createdAt: at,
    });
  const media = [
    await pdf(signedId, 'signed_document', `${header.number}-signed.pdf`, signedPdf),
    await pdf(auditId, 'audit_log', `${header.number}-audit-log.pdf`, auditPdf),
  ];
  const patch = { signed_document_id: signedId, audit_log_document_id: auditId };
  const view = serializeOffer(linksOf(ctx), offersRepo.withOfferWrite(offer, patch), recipients);
  const result = await storeDocuments(deps.db, {
    job,
    offer,
    patch,
    media,
    activity: activityOf(ctx, offer, 'offer.signed', signedActivity),
    event: eventsOf(ctx, offer, ['offer.signed'], view)[0]!,
  }).catch(async (error: unknown) => {
    for (const m of media) await m.discard();
    throw error;
  });
  if (!result?.stored) for (const m of media) await m.discard();
  return result?.offer ?? null;
}

/** Hands a failed job back, to be claimed again after a backoff (1, 2, 4 … minutes, at most an hour). */
export async function releaseDocumentsJob(deps: Deps, job: jobs.DocumentsJob, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  const backoff = RETRY_MS * Math.min(2 ** Math.max(job.attempts - 1, 0), 60);
  await jobs.releaseJob(deps.db, job, new Date(deps.clock.now().getTime() + backoff), message);
}

export interface DocumentsWorkerOptions {
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

/** Renders the documents of jobs whose lease expired, one at a time, until none is left. */
export async function runExpiredDocumentsJobs(deps: Deps, signal?: AbortSignal, onError?: (error: unknown) => void): Promise<number> {
  let done = 0;
  while (!signal?.aborted) {
    const now = deps.clock.now();
    const job = await jobs.claimExpired(deps.db, now, crypto.randomUUID(), new Date(now.getTime() + LEASE_MS));
    if (!job) break;
    try {
      await runDocumentsJob(deps, job);
      done++;
    } catch (error) {
      await releaseDocumentsJob(deps, job, error);
      onError?.(error);
    }
  }
  return done;
}

export function startDocumentsWorker(deps: Deps, options: DocumentsWorkerOptions = {}): Periodic {
  return startPeriodic((signal) => runExpiredDocumentsJobs(deps, signal, options.onError).then(() => undefined), {
    intervalMs: options.intervalMs ?? 30_000,
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
