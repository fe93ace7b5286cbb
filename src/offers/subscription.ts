// The subscription a signed offer starts: `active` or `draft` by autoActivateSubscription. Written in
// the signing transaction (recipient signatures or the seller's manual acceptance), denormalised onto
// the offer as Offer-OfferRead shows it.
import crypto from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { isoDate } from '../platform/time.js';
import { insertSubscription, type NewSubscription } from './public/repository.js';
import type { OfferRow } from './repository.js';

/** The subscription a signed offer starts, and its row, without writing it (the caller batches the insert). */
export function planSubscription(offer: OfferRow, name: string | null, now: Date) {
  const id = crypto.randomUUID();
  const status = offer.auto_activate_subscription ? 'active' : 'draft';
  return {
    id,
    status,
    row: { id, organisationId: offer.organisation_id, offerId: offer.id, status, createdAt: now } satisfies NewSubscription,
    subscription: {
      id,
      externalId: null,
      number: `S-${String(offer.number).padStart(8, '0')}`,
      name,
      status,
      activatedAt: status === 'active' ? isoDate(now) : null,
      poNumber: (offer.captured_invoice_details?.poNumber as string | undefined) ?? null,
      createdAt: isoDate(now),
      updatedAt: isoDate(now),
    },
  };
}

export async function startSubscription(q: Queryable, offer: OfferRow, name: string | null, now: Date) {
  const planned = planSubscription(offer, name, now);
  await insertSubscription(q, planned.row);
  return planned;
}
