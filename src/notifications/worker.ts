// The e-mail worker: claim due messages (leased, SKIP LOCKED), render each from the current data,
// send it, record the outcome (and the offer's activity), retry temporary failures with backoff.
import crypto from 'node:crypto';
import type { Deps } from '../platform/deps.js';
import { startPeriodic, type Periodic } from '../platform/periodic.js';
import * as invoices from '../invoices/repository.js';
import { formatUnits, max } from '../invoices/money.js';
import { sumsOf } from '../invoices/serialize.js';
import * as offers from '../offers/repository.js';
import * as recipientsRepo from '../offers/recipients-repository.js';
import * as activitiesRepo from '../offers/activities-repository.js';
import { offerNumber, recipientLink } from '../offers/serialize.js';
import { findOrganisation } from '../organisations/repository.js';
import { isPermanent, smtpMailer, type Mailer } from './mailer.js';
import * as repo from './repository.js';
import { afterSend } from './retry.js';
import { offerInvitation, payerNotice, type Email } from './templates.js';

export interface MailWorkerOptions {
  batch?: number;
  leaseMs?: number;
  pollIntervalMs?: number;
  onError?: (error: unknown) => void;
}

type MailDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'secretKey'>;

/** Why a message will never be sendable (its offer, recipient or payer went away meanwhile). */
class Undeliverable extends Error {}

async function render(deps: MailDeps, message: repo.EmailRow): Promise<Email> {
  return message.kind === 'offer_invitation'
    ? renderInvitation(deps, message.organisation_id, message.data)
    : renderPayerNotice(deps, message);
}

async function renderPayerNotice(
  deps: MailDeps,
  message: repo.EmailRow & { kind: 'invoice_underpaid' | 'invoice_overpaid' },
): Promise<Email> {
  const invoice = await invoices.findInvoice(deps.db, message.organisation_id, { id: BigInt(message.data.invoiceId) });
  if (!invoice?.email_user || invoice.sender_amount === null || !invoice.sender_currency)
    throw new Undeliverable('The invoice has no payer to write to.');
  const paid = sumsOf(invoice, await invoices.listTransactions(deps.db, message.organisation_id, invoice.id)).seen;
  const organisation = await findOrganisation(deps.db, message.organisation_id);
  return payerNotice({
    kind: message.kind,
    to: invoice.email_user,
    merchant: organisation?.name ?? 'the merchant',
    title: invoice.title,
    reference: invoice.foreign_id,
    currency: invoice.sender_currency,
    due: formatUnits(invoice.sender_amount),
    paid: formatUnits(paid),
    surplus: formatUnits(max(0n, paid - invoice.sender_amount)),
  });
}

async function renderInvitation(deps: MailDeps, organisationId: string, data: repo.OfferInvitationData): Promise<Email> {
  const { offerId, recipientId, customMessage } = data;
  const offer = await offers.findOffer(deps.db, organisationId, offerId);
  if (!offer?.published) throw new Undeliverable('The offer is no longer published.');
  const recipient = (await recipientsRepo.listRecipients(deps.db, organisationId, [offer.id])).find((r) => r.id === recipientId);
  if (!recipient) throw new Undeliverable('The recipient was removed from the offer.');
  const organisation = await findOrganisation(deps.db, organisationId);
  const content = (offer.published_content ?? {}) as { name?: string | null; locale?: string };
  return offerInvitation({
    locale: content.locale ?? offer.locale,
    organisation: organisation?.name ?? 'offerpay',
    offerName: content.name ?? offer.name,
    offerNumber: offerNumber(offer.number),
    recipient: { email: recipient.email, firstName: recipient.first_name, lastName: recipient.last_name },
    link: recipientLink({ publicUrl: deps.config.publicUrl, secretKey: deps.secretKey }, recipient),
    validUntil: offer.valid_until,
    customMessage,
    replyTo: (offer.contact_person?.email as string | undefined) ?? null,
  });
}

async function deliver(deps: MailDeps, mailer: Mailer, message: repo.EmailRow): Promise<'sent' | 'retry' | 'failed'> {
  let outcome: 'sent' | 'temporary' | 'permanent' = 'sent';
  let error: string | null = null;
  let to: string | null = null;
  try {
    const email = await render(deps, message);
    to = email.to;
    await mailer.send(deps.config.mailFrom, email);
  } catch (e) {
    outcome = e instanceof Undeliverable || isPermanent(e) ? 'permanent' : 'temporary';
    error = (e as Error).message.slice(0, 500);
  }
  const now = deps.clock.now();
  const next = afterSend(message.attempts, outcome);
  await deps.db.transaction(async (tx) => {
    await repo.finish(tx, message.id, {
      status: next.status,
      nextAttemptAt: next.status === 'pending' ? new Date(now.getTime() + next.retryInMs) : null,
      error,
      now,
    });
    // The offer's feed says whether the invitation went out (a retry is not news).
    if (next.status !== 'pending' && to !== null && message.kind === 'offer_invitation') {
      await activitiesRepo.insertActivity(tx, {
        id: crypto.randomUUID(),
        organisationId: message.organisation_id,
        offerId: message.data.offerId,
        type: next.status === 'sent' ? 'recipient.invited' : 'recipient.invitation_failed',
        data: { recipientId: message.data.recipientId, email: to, ...(error ? { error } : {}) },
        createdAt: now,
      });
    }
  });
  return next.status === 'pending' ? 'retry' : next.status;
}

/** One pass over the due messages; returns what happened to each. Tests drive it with a ManualClock. */
export async function sendDueEmails(deps: MailDeps, mailer: Mailer, options: MailWorkerOptions = {}) {
  const now = deps.clock.now();
  const claimed = await repo.claimDue(deps.db, now, new Date(now.getTime() + (options.leaseMs ?? 60_000)), options.batch ?? 20);
  const results = await Promise.all(claimed.map((m) => deliver(deps, mailer, m)));
  return {
    sent: results.filter((r) => r === 'sent').length,
    retried: results.filter((r) => r === 'retry').length,
    failed: results.filter((r) => r === 'failed').length,
  };
}

/** Runs only with SMTP_URL; without it nothing is queued either (see notifications/queue.ts). */
export function startMailWorker(deps: MailDeps, options: MailWorkerOptions & { mailer?: Mailer } = {}): Periodic {
  if (!deps.config.smtpUrl && !options.mailer) return { stop: async () => {} };
  const mailer = options.mailer ?? smtpMailer(deps.config.smtpUrl!);
  const batch = options.batch ?? 20;
  const periodic = startPeriodic(
    async (signal) => {
      // Drain: a full batch means more may be due.
      while (!signal.aborted) {
        const r = await sendDueEmails(deps, mailer, { ...options, batch });
        if (r.sent + r.retried + r.failed < batch) break;
      }
    },
    { intervalMs: options.pollIntervalMs ?? 1000, onError: options.onError },
  );
  return {
    async stop() {
      await periodic.stop();
      mailer.close();
    },
  };
}
