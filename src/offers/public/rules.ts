// Small rules the recipient's use cases share: who may countersign yet, how a signer is named, whether
// a decline stops the version, and the one 422 every bad recipient body answers with. Pure: no I/O.
import type { Context } from '../../platform/context.js';
import { AppError, type Violation } from '../../platform/errors.js';
import type { OfferRow } from '../repository.js';
import type { PublicRecipientRow } from './repository.js';

/** Countersigners sign last: only once no signer is pending or has the signing view open. */
export function mayCountersign(recipients: readonly PublicRecipientRow[]): boolean {
  return !recipients.some((r) => r.role === 'sign' && (r.signing_status === 'pending' || r.signing_status === 'started'));
}

export const personName = (r: Pick<PublicRecipientRow, 'first_name' | 'last_name' | 'email'>) =>
  [r.first_name, r.last_name].filter(Boolean).join(' ') || r.email;

export const invalidBody = (violations: Violation[]) => new AppError('unprocessable', 'The request body is invalid.', violations);

/** Replaces one row of the offer's recipient list with its updated version (the list keeps its order). */
export const withRow = (recipients: readonly PublicRecipientRow[], row: PublicRecipientRow): PublicRecipientRow[] =>
  recipients.map((r) => (r.id === row.id ? row : r));

/** What a signature or click acceptance keeps as evidence of who acted: when, from which address and browser. */
export const signatureEvidence = (ctx: Context<null>, now: Date) => ({
  signed_at: now,
  signature_ip: ctx.request?.ip ?? null,
  signature_user_agent: ctx.request?.userAgent ?? null,
});

/**
 * The recipient whose decline stops the version now published, if any: a decline applies to the
 * version issued at or before it, so publishing again (a new issued_at) lifts it.
 */
export function declinedBy(offer: Pick<OfferRow, 'issued_at'>, recipients: readonly PublicRecipientRow[]): PublicRecipientRow | null {
  const issued = offer.issued_at?.getTime() ?? Number.POSITIVE_INFINITY;
  return recipients.find((r) => r.declined_at !== null && r.declined_at.getTime() >= issued) ?? null;
}

/** 409 once a recipient declined this version: nobody signs or accepts it until the seller publishes again. */
export function assertNotDeclined(offer: Pick<OfferRow, 'issued_at'>, recipients: readonly PublicRecipientRow[]): void {
  if (declinedBy(offer, recipients))
    throw new AppError(
      'invalid_state',
      'A recipient declined this version of the offer; it can be accepted again once the seller publishes it anew.',
    );
}
