// Small rules the recipient's use cases share: who may countersign yet, how a signer is named, and
// the one 422 every bad recipient body answers with. Pure: no I/O.
import type { Context } from '../../platform/context.js';
import { AppError, type Violation } from '../../platform/errors.js';
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
