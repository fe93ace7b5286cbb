import type { Migration } from './index.js';

/**
 * Offers published before this migration get their snapshot from the current content where that is
 * still the published version (equal hashes): the same fields as offers/content.ts contentOf().
 * Others stay without a snapshot, so recipients get a 404 until the offer is published again.
 */
export const BACKFILL_PUBLISHED_CONTENT = /* sql */ `
    UPDATE offers SET published_content = jsonb_build_object(
        'name', name, 'sections', sections, 'blocks', blocks, 'lineItems', line_items, 'customVariables', custom_variables,
        'acceptanceMode', acceptance_mode,
        'validUntil', to_char(valid_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'dealType', deal_type, 'locale', locale, 'customer', customer - 'id', 'contactPerson', contact_person,
        'autoActivateSubscription', auto_activate_subscription)
     WHERE published AND published_content IS NULL AND published_version_hash = current_version_hash`;

// The recipient's side of offers (issue 4): the published snapshot recipients read, signatures,
// subscriptions created on signing, and short-lived media download tokens.
export default {
  version: 5,
  name: 'recipient_flow',
  sql: /* sql */ `
    -- What recipients read: the content as it was published (later edits of an open offer stay unpublished).
    ALTER TABLE offers ADD COLUMN published_content jsonb;
    -- The subscription as Offer-OfferRead shows it (denormalised from subscriptions, written in the same transaction).
    ALTER TABLE offers ADD COLUMN subscription jsonb;
    ${BACKFILL_PUBLISHED_CONTENT};

    ALTER TABLE offer_recipients ADD COLUMN viewed_at timestamptz;
    ALTER TABLE offer_recipients ADD COLUMN signed_at timestamptz;
    ALTER TABLE offer_recipients ADD COLUMN signature_name text;
    ALTER TABLE offer_recipients ADD COLUMN signature_image bytea;
    ALTER TABLE offer_recipients ADD COLUMN signature_ip text;
    ALTER TABLE offer_recipients ADD COLUMN signature_user_agent text;

    CREATE TABLE subscriptions (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      offer_id text NOT NULL UNIQUE REFERENCES offers (id) ON DELETE CASCADE,
      status text NOT NULL CHECK (status IN ('draft', 'active')),
      created_at timestamptz NOT NULL
    );
    CREATE INDEX subscriptions_org_idx ON subscriptions (organisation_id, created_at);

    -- Shareable media links: only the SHA-256 of the token is stored.
    CREATE TABLE media_download_tokens (
      token_hash bytea PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      media_id uuid NOT NULL REFERENCES offer_media (id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX media_download_tokens_media_idx ON media_download_tokens (media_id);
  `,
} satisfies Migration;
