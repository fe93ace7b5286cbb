// Queues e-mail inside the caller's transaction: it leaves only if the business change commits.
import crypto from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { Deps } from '../platform/deps.js';
import { insertEmail, type EmailMessage } from './repository.js';

/** Without SMTP_URL nothing is queued: a message that can never be sent would only pile up. Returns whether it was queued. */
export async function queueOfferInvitation(
  deps: Pick<Deps, 'config' | 'clock'>,
  tx: Queryable,
  m: { organisationId: string; offerId: string; recipientId: string; customMessage: string | null },
): Promise<boolean> {
  if (!deps.config.smtpUrl) return false;
  await insertEmail(tx, {
    id: crypto.randomUUID(),
    organisationId: m.organisationId,
    kind: 'offer_invitation',
    data: { offerId: m.offerId, recipientId: m.recipientId, customMessage: m.customMessage },
    now: deps.clock.now(),
  });
  return true;
}

/** A payer notice for an invoice's `email_user` (the caller checked there is one). */
export async function queuePayerNotice(
  deps: Pick<Deps, 'config' | 'clock'>,
  tx: Queryable,
  m: { organisationId: string; invoiceId: bigint; kind: Extract<EmailMessage, { data: { invoiceId: string } }>['kind'] },
): Promise<boolean> {
  if (!deps.config.smtpUrl) return false;
  await insertEmail(tx, {
    id: crypto.randomUUID(),
    organisationId: m.organisationId,
    kind: m.kind,
    data: { invoiceId: String(m.invoiceId) },
    now: deps.clock.now(),
  });
  return true;
}
