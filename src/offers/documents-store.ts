// Storing a completed offer's documents in one autocommitted statement: the job is deleted if the
// caller still holds it, and only then, and only while the offer has no documents yet, the offer
// names both documents, their media rows are written, and `offer.signed` is recorded and emitted.
// Equivalent to locking the offer and doing each step (the UPDATE locks the row and checks it again
// after any wait), one round trip instead of seven.
import type { Queryable } from '../db/database.js';
import { WriteBatch } from '../db/write-batch.js';
import { mediaInsertSql, type PlacedMedia } from '../documents/media-store.js';
import { outboxInsertSql, type OutboxEvent } from '../platform/outbox.js';
import { activitiesInsertSql, type NewActivity } from './activities-repository.js';
import type { DocumentsJob } from './documents-job-repository.js';
import * as offersRepo from './repository.js';

export interface DocumentsWrite {
  job: Pick<DocumentsJob, 'id' | 'claim'>;
  offer: Pick<offersRepo.OfferRow, 'id' | 'organisation_id'>;
  patch: offersRepo.OfferWrite;
  media: readonly PlacedMedia[];
  activity: NewActivity;
  event: OutboxEvent;
}

/**
 * Returns null when the job is no longer the caller's; else the offer, and whether this call stored
 * the documents (false: the offer had documents already, and is returned as it was).
 */
export async function storeDocuments(q: Queryable, w: DocumentsWrite): Promise<{ offer: offersRepo.OfferRow; stored: boolean } | null> {
  const batch = new WriteBatch();
  const p = batch.params;
  batch.add(`DELETE FROM offer_document_jobs WHERE id = ${p.add(w.job.id)} AND claim = ${p.add(w.job.claim)} RETURNING id`, 'job');
  const update = offersRepo.offerUpdateSql(p, w.offer.organisation_id, w.offer.id, w.patch);
  batch.add(`${update} AND signed_document_id IS NULL AND EXISTS (SELECT 1 FROM job) RETURNING ${offersRepo.offerColumns()}`, 'doc');
  const stored = 'EXISTS (SELECT 1 FROM doc)';
  batch.add(mediaInsertSql(p, w.media, stored));
  batch.add(activitiesInsertSql(p, [w.activity], stored));
  batch.add(outboxInsertSql(p, [w.event], stored));
  const id = p.add(w.offer.id);
  const organisationId = p.add(w.offer.organisation_id);
  const { rows } = await q.query<offersRepo.OfferRow & { stored_now: boolean }>(
    batch.sql(`SELECT true AS stored_now, doc.* FROM doc
      UNION ALL
      SELECT false, ${offersRepo.offerColumns('o')} FROM offers o
       WHERE o.id = ${id} AND o.organisation_id = ${organisationId} AND EXISTS (SELECT 1 FROM job) AND NOT EXISTS (SELECT 1 FROM doc)`),
    p.values,
  );
  const row = rows[0];
  if (!row) return null;
  const { stored_now: storedNow, ...offer } = row;
  return { offer, stored: storedNow };
}
