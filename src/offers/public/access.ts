// The link token is the credential: the recipient is found by the token's SHA-256, and the offer
// through it. Writes lock the offer row (SELECT … FOR UPDATE) and read the offer's recipients once,
// under that lock; the use cases pass that list along and keep it current after their updates.
import type { Queryable } from '../../db/database.js';
import { sha256 } from '../../platform/crypto.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, notFound } from '../../platform/errors.js';
import { isoDate } from '../../platform/time.js';
import * as offersRepo from '../repository.js';
import * as repo from './repository.js';

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export interface Access {
  offer: offersRepo.OfferRow;
  /** The recipient the link names. */
  recipient: repo.PublicRecipientRow;
}

export interface LockedAccess extends Access {
  /** Every recipient of the offer, in order, read under the offer's lock. */
  recipients: repo.PublicRecipientRow[];
}

async function offerOf(q: Queryable, token: string, forUpdate: boolean): Promise<Access> {
  if (!TOKEN.test(token)) throw notFound('Offer');
  const recipient = await repo.findRecipientByTokenHash(q, sha256(token));
  if (!recipient) throw notFound('Offer');
  const offer = await offersRepo.findOffer(q, recipient.organisation_id, recipient.offer_id, { forUpdate });
  if (!offer) throw notFound('Offer');
  return { offer, recipient };
}

const visible = (offer: offersRepo.OfferRow) => offer.status !== 'archived' && offer.published && offer.published_content !== null;

/** For reads without a lock (downloads). 404 for an unknown token, an archived or unpublished offer. */
export async function readByToken(q: Queryable, token: string): Promise<Access> {
  const found = await offerOf(q, token, false);
  if (!visible(found.offer)) throw notFound('Offer');
  return found;
}

/**
 * For writes: locks the offer, then reads its recipients under the lock (removals lock the offer
 * first, so this sees a committed state): two statements. 404 also for a recipient removed meanwhile.
 */
export async function lockByToken(tx: Queryable, token: string): Promise<LockedAccess> {
  if (!TOKEN.test(token)) throw notFound('Offer');
  const locked = await repo.lockOfferByTokenHash(tx, sha256(token));
  if (!locked) throw notFound('Offer');
  const { offer, recipientId } = locked;
  const recipients = await repo.listRecipients(tx, offer.organisation_id, offer.id);
  const recipient = recipients.find((r) => r.id === recipientId);
  if (!recipient) throw notFound('Offer');
  if (!visible(offer)) throw notFound('Offer');
  return { offer, recipient, recipients };
}

/** Until the offer is accepted, a passed validUntil answers 410 (Fynn's OfferExpiredException). */
export function isExpired(deps: Deps, offer: offersRepo.OfferRow): boolean {
  return (
    (offer.status === 'open' || offer.status === 'signing') &&
    offer.valid_until !== null &&
    offer.valid_until.getTime() <= deps.clock.now().getTime()
  );
}

export function assertNotExpired(deps: Deps, offer: offersRepo.OfferRow): void {
  if (isExpired(deps, offer)) throw new AppError('expired', `The offer expired at ${isoDate(offer.valid_until)}.`);
}

export function forbidReader(recipient: repo.PublicRecipientRow, what: string): void {
  if (recipient.role === 'read')
    throw new AppError('forbidden', `A recipient with role "read" can only read the offer; ${what} is not allowed.`);
}

/** The offer a link names, whatever its state (for the pages that cannot show it: expired, withdrawn); null for an unknown link. */
export async function findOfferByToken(deps: Deps, token: string): Promise<offersRepo.OfferRow | null> {
  if (!TOKEN.test(token)) return null;
  const found = await repo.findRecipientByTokenHash(deps.db, sha256(token));
  if (!found) return null;
  return offersRepo.findOffer(deps.db, found.organisation_id, found.offer_id);
}
