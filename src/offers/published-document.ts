// The offer as published, as a PDF: rendered once per published version, off the event loop
// (documents/render-off-thread.ts), stored as media keyed by (offer, version key) and served from
// there. Publishing starts the render right after its commit; a download that finds nothing stored
// (the render still running, or lost to a restart) joins the one render in flight for that version
// in this process, or starts it. Two replicas may each render a version once; the unique version key
// keeps one stored copy. The document is a pure function of the committed snapshot, so a lost render
// costs only time, never correctness.
import crypto from 'node:crypto';
import { getVersionedMedia, putMedia, type StoredMedia } from '../documents/media-store.js';
import { offerDocument, type PublishedContent } from '../documents/offer-documents.js';
import { renderOffThread } from '../documents/render-off-thread.js';
import { loadSeller } from '../documents/seller-input.js';
import type { Deps } from '../platform/deps.js';
import * as repo from './repository.js';
import { offerNumber } from './serialize.js';

/** One published version: its content hash and when it was issued (a re-publish of the same content is a new document). */
export const versionKeyOf = (offer: repo.OfferRow) => `${offer.published_version_hash ?? '-'}@${offer.issued_at?.toISOString() ?? '-'}`;

const inflight = new Map<string, Promise<StoredMedia>>();

async function renderAndStore(deps: Deps, offer: repo.OfferRow, versionKey: string): Promise<StoredMedia> {
  const header = { number: offerNumber(offer.number), issuedAt: offer.issued_at, versionHash: offer.published_version_hash };
  const seller = await loadSeller(deps, offer.organisation_id);
  const model = offerDocument(offer.published_content as PublishedContent, header, offer.issued_at ?? offer.created_at, { seller });
  const pdf = await renderOffThread(model);
  await putMedia(deps, deps.db, {
    id: crypto.randomUUID(),
    organisationId: offer.organisation_id,
    offerId: offer.id,
    kind: 'offer_document',
    filename: `${header.number}.pdf`,
    contentType: 'application/pdf',
    content: pdf,
    createdAt: deps.clock.now(),
    versionKey,
  });
  // Another replica may have stored its copy first: the stored one is the document.
  return (await getVersionedMedia(deps, offer.organisation_id, offer.id, versionKey))!;
}

/** The stored PDF of the offer's published version, rendering it first if it is not stored yet (single-flight). */
export async function publishedDocument(deps: Deps, offer: repo.OfferRow): Promise<StoredMedia> {
  const versionKey = versionKeyOf(offer);
  const stored = await getVersionedMedia(deps, offer.organisation_id, offer.id, versionKey);
  if (stored) return stored;
  const key = `${offer.id} ${versionKey}`;
  let flight = inflight.get(key);
  if (!flight) {
    flight = renderAndStore(deps, offer, versionKey).finally(() => inflight.delete(key));
    inflight.set(key, flight);
  }
  return flight;
}

/**
 * Starts rendering the version just published, without waiting (called after the publishing commit).
 * A failure is not the publisher's: the first download renders it again.
 */
export function prerenderPublished(deps: Deps, organisationId: string, offerId: string): void {
  void (async () => {
    const offer = await repo.findOffer(deps.db, organisationId, offerId);
    if (offer?.published && offer.published_content !== null) await publishedDocument(deps, offer);
  })().catch(() => {});
}
