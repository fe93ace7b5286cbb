// The merchant creates an invoice. Three kinds: no timer (no deadline until the payer picks a
// currency), timer (15 min from now), timer + sender_currency (15 min, rate fixed and address
// assigned now). A benchmarked hot path: one statement inserts the invoice and its expiry job, with
// an id from the replica's reserved block (id-blocks.ts), so a create is one round trip; concurrent
// creates share that statement (create-batch.ts).
import type { Context } from '../platform/context.js';
import { encryptSecret, randomToken, sha256 } from '../platform/crypto.js';
import { fieldErrors } from './errors.js';
import { fixCurrency, FIX_WINDOW_MS } from './fix-currency.js';
import { nextInvoiceIds } from './id-blocks.js';
import { merchantNetwork } from './network/select.js';
import { writeInvoice } from './create-batch.js';
import { invoiceData, invoiceUrlOf } from './serialize.js';
import type { InvoiceType } from './states.js';

/** A validated create request (requests.ts). */
export interface CreateInvoiceInput {
  type: InvoiceType;
  timer: boolean;
  title: string;
  description: string | null;
  foreignId: string;
  endUserReference: string | null;
  currency: string;
  senderCurrency: string | null;
  amount: bigint;
  urlSuccess: string;
  urlFailed: string;
  emailUser: string | null;
  senderType: 'natural' | 'legal' | null;
  senderData: Record<string, unknown> | null;
}

export async function createInvoice(ctx: Context, input: CreateInvoiceInput) {
  const { deps, organisationId } = ctx;
  const now = deps.clock.now();
  const deadline = input.timer ? new Date(now.getTime() + FIX_WINDOW_MS) : null;
  const slug = randomToken(24);
  // The invoice keeps the merchant's mode for good; a live merchant needs a live network on this server.
  const live = ctx.live === true;
  if (live) merchantNetwork(ctx);
  // Every create takes its id from the block, so that ids follow creation order on this replica.
  const ids = await nextInvoiceIds(deps.db);
  const fixed =
    input.timer && input.senderCurrency
      ? await fixCurrency(
          deps,
          { organisation_id: organisationId, id: ids.id, amount: input.amount, currency: input.currency, live },
          input.senderCurrency!,
          ids.addressId,
        )
      : { sender_currency: input.senderCurrency, sender_amount: null, address: null, address_id: null };
  const row = await writeInvoice(
    deps.db,
    {
      organisation_id: organisationId,
      foreign_id: input.foreignId,
      slug_hash: sha256(slug),
      slug_encrypted: encryptSecret(deps.secretKey, slug),
      type: input.type,
      timer: input.timer,
      title: input.title,
      description: input.description,
      currency: input.currency,
      amount: input.amount,
      ...fixed,
      status: 'created',
      end_user_reference: input.endUserReference,
      url_success: input.urlSuccess,
      url_failed: input.urlFailed,
      email_user: input.emailUser,
      sender_type: input.senderType,
      sender_data: input.senderData,
      fixed_at: input.timer ? now : null,
      release_at: deadline,
      expires_at: deadline,
      created_at: now,
      live,
    },
    ids.id,
  );
  if (!row) throw fieldErrors({ foreign_id: 'The foreign id has already been taken.' });
  return invoiceData(row, now, invoiceUrlOf(deps, slug));
}
