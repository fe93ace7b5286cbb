// What a signer will see of the offer as it stands now, before it is published: the recipient page's
// own read model, built from the current content as publishing would snapshot it. Nothing is
// recorded and no action is offered (the console shows it under a "not sent" banner).
import type { Context } from '../../platform/context.js';
import { contentOf } from '../content.js';
import { findOfferRow } from '../queries.js';
import { nextSigningStatus, type RecipientRole, type SigningStatus } from '../recipient-states.js';
import { transition, type AcceptanceMode, type OfferStatus } from '../states.js';
import * as repo from './repository.js';
import { publicView, type PublicView } from './view.js';

const NO_ACTIONS = { accept: false, sign: false, submitInvoiceDetails: false, decline: false };

/** Stands in for the signer when the offer has none yet. */
const placeholder = (offerId: string, organisationId: string, now: Date): repo.PublicRecipientRow => ({
  id: '',
  organisation_id: organisationId,
  offer_id: offerId,
  email: '',
  first_name: null,
  last_name: null,
  role: 'sign',
  signing_status: 'not_started',
  signing_log: [],
  signed_document_id: null,
  link_token_encrypted: '',
  created_at: now,
  viewed_at: null,
  signed_at: null,
  signature_name: null,
  signature_image: null,
  signature_ip: null,
  signature_user_agent: null,
  declined_at: null,
  decline_reason: null,
});

export async function previewOffer(ctx: Context, { offerId }: { offerId: string }): Promise<PublicView> {
  const row = await findOfferRow(ctx, { offerId });
  const now = ctx.deps.clock.now();
  const mode = row.acceptance_mode as AcceptanceMode;
  const published = transition(row.status as OfferStatus, 'publish', mode);
  const signing = published.ok && published.to === 'signing';
  // Publishing an e-signature offer starts signing: its recipients' statuses move as it would move them.
  const recipients = (await repo.listRecipients(ctx.deps.db, ctx.organisationId, row.id)).map((r) =>
    signing
      ? {
          ...r,
          signing_status:
            nextSigningStatus(r.role as RecipientRole, r.signing_status as SigningStatus, 'start_signing') ?? r.signing_status,
        }
      : r,
  );
  const me = recipients.find((r) => r.role === 'sign') ?? placeholder(row.id, ctx.organisationId, now);
  const offer = {
    ...row,
    status: published.ok ? published.to : row.status,
    published: true,
    published_content: contentOf(row),
    published_version_hash: row.current_version_hash,
    issued_at: now,
  };
  const view = publicView(ctx.deps, 'preview', { offer, recipient: me, recipients });
  return { ...view, actions: NO_ACTIONS };
}
