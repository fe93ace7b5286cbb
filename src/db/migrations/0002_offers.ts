import type { Migration } from './index.js';

// Offers (Fynn V2 offers): offers, recipients, activities, media, and the aggregates the list needs.
export default {
  version: 2,
  name: 'offers',
  sql: /* sql */ `
    -- Per-organisation offer numbers: one counter row, incremented in the creating transaction (race-free).
    CREATE TABLE offer_counters (
      organisation_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
      last_number bigint NOT NULL
    );

    CREATE TABLE offers (
      id text PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      number bigint NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'signing', 'awaiting_invoice_details', 'signed', 'archived')),
      name text,
      locale text NOT NULL,
      acceptance_mode text NOT NULL CHECK (acceptance_mode IN ('click', 'esignature', 'print')),
      deal_type text NOT NULL CHECK (deal_type IN ('new_business', 'expansion', 'renewal', 'one_off')),
      valid_until timestamptz,
      auto_activate_subscription boolean NOT NULL DEFAULT true,
      custom_variables jsonb NOT NULL DEFAULT '{}',
      sections jsonb NOT NULL DEFAULT '[]',
      blocks jsonb NOT NULL DEFAULT '[]',
      line_items jsonb NOT NULL DEFAULT '[]',
      contact_person jsonb,
      contact_person_id text,
      customer jsonb,
      crm_deal_id text,
      subscription_id uuid,
      signed boolean NOT NULL DEFAULT false,
      signed_at timestamptz,
      signed_document_id uuid,
      audit_log_document_id uuid,
      purchase_order_document_id uuid,
      -- true while a published version is live for recipients: validUntil and dealType are frozen.
      published boolean NOT NULL DEFAULT false,
      issued_at timestamptz,
      published_version_hash text,
      current_version_hash text NOT NULL,
      cached_contract_value_cents bigint,
      cached_contract_value_currency text,
      captured_invoice_details jsonb,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      UNIQUE (organisation_id, number)
    );
    -- The list's orderings (a B-tree scans both ways; ties go by id in the same direction).
    CREATE INDEX offers_org_created_idx ON offers (organisation_id, created_at, id);
    CREATE INDEX offers_org_updated_idx ON offers (organisation_id, updated_at, id);
    CREATE INDEX offers_org_value_idx ON offers (organisation_id, cached_contract_value_cents, id);
    CREATE INDEX offers_org_valid_until_idx ON offers (organisation_id, valid_until, id);
    CREATE INDEX offers_org_signed_at_idx ON offers (organisation_id, signed_at, id);
    CREATE INDEX offers_org_name_idx ON offers (organisation_id, name, id);
    -- The commonest filter: one status, newest first.
    CREATE INDEX offers_org_status_created_idx ON offers (organisation_id, status, created_at, id);
    CREATE INDEX offers_org_contact_idx ON offers (organisation_id, contact_person_id) WHERE contact_person_id IS NOT NULL;

    -- Exact list counts per filterable dimension, kept by statement triggers in the writing transaction,
    -- so GET /offers sums at most a few hundred rows instead of counting offers.
    CREATE TABLE offer_list_counts (
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      status text NOT NULL,
      deal_type text NOT NULL,
      acceptance_mode text NOT NULL,
      signed boolean NOT NULL,
      has_subscription boolean NOT NULL,
      total bigint NOT NULL,
      PRIMARY KEY (organisation_id, status, deal_type, acceptance_mode, signed, has_subscription)
    );

    CREATE FUNCTION offer_list_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      -- One upsert per statement, rows in key order, so concurrent writers lock counter rows in the same order.
      IF TG_OP = 'INSERT' THEN
        INSERT INTO offer_list_counts AS c
        SELECT organisation_id, status, deal_type, acceptance_mode, signed, subscription_id IS NOT NULL, count(*)
          FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (organisation_id, status, deal_type, acceptance_mode, signed, has_subscription)
        DO UPDATE SET total = c.total + EXCLUDED.total;
      ELSIF TG_OP = 'DELETE' THEN
        -- Counter rows of deleted offers exist already (or went with a cascading organisation delete): update only.
        UPDATE offer_list_counts c SET total = c.total - d.n
          FROM (SELECT organisation_id, status, deal_type, acceptance_mode, signed, subscription_id IS NOT NULL AS has_subscription, count(*) AS n
                  FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6) d
         WHERE (c.organisation_id, c.status, c.deal_type, c.acceptance_mode, c.signed, c.has_subscription)
             = (d.organisation_id, d.status, d.deal_type, d.acceptance_mode, d.signed, d.has_subscription);
      ELSE
        INSERT INTO offer_list_counts AS c
        SELECT k.organisation_id, k.status, k.deal_type, k.acceptance_mode, k.signed, k.has_subscription, sum(k.delta)
          FROM (
            SELECT o.organisation_id, o.status, o.deal_type, o.acceptance_mode, o.signed, o.subscription_id IS NOT NULL AS has_subscription, -1 AS delta
              FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.status, o.deal_type, o.acceptance_mode, o.signed, o.subscription_id IS NOT NULL)
                   IS DISTINCT FROM (n.status, n.deal_type, n.acceptance_mode, n.signed, n.subscription_id IS NOT NULL)
            UNION ALL
            SELECT n.organisation_id, n.status, n.deal_type, n.acceptance_mode, n.signed, n.subscription_id IS NOT NULL, 1
              FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE (o.status, o.deal_type, o.acceptance_mode, o.signed, o.subscription_id IS NOT NULL)
                   IS DISTINCT FROM (n.status, n.deal_type, n.acceptance_mode, n.signed, n.subscription_id IS NOT NULL)
          ) k
         GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
        ON CONFLICT (organisation_id, status, deal_type, acceptance_mode, signed, has_subscription)
        DO UPDATE SET total = c.total + EXCLUDED.total;
      END IF;
      RETURN NULL;
    END
    $$;
    CREATE TRIGGER offers_counts_insert AFTER INSERT ON offers REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION offer_list_counts_apply();
    CREATE TRIGGER offers_counts_update AFTER UPDATE ON offers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION offer_list_counts_apply();
    CREATE TRIGGER offers_counts_delete AFTER DELETE ON offers REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION offer_list_counts_apply();

    CREATE TABLE offer_recipients (
      seq bigint GENERATED ALWAYS AS IDENTITY,
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      offer_id text NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
      email text NOT NULL,
      first_name text,
      last_name text,
      role text NOT NULL CHECK (role IN ('read', 'sign', 'countersigner')),
      signing_status text NOT NULL DEFAULT 'not_started'
        CHECK (signing_status IN ('not_started', 'pending', 'started', 'signed', 'archived')),
      signing_log jsonb NOT NULL DEFAULT '[]',
      signed_document_id uuid,
      -- The personal link: SHA-256 for lookup, AES-GCM ciphertext so every read can show it.
      link_token_hash bytea NOT NULL UNIQUE,
      link_token_encrypted text NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX offer_recipients_offer_idx ON offer_recipients (offer_id, seq);
    -- One recipient per e-mail address (stored lower-case) and offer.
    CREATE UNIQUE INDEX offer_recipients_email_idx ON offer_recipients (offer_id, email);

    CREATE TABLE offer_activities (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      offer_id text NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
      type text NOT NULL,
      data jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL
    );
    CREATE INDEX offer_activities_offer_idx ON offer_activities (offer_id, seq);

    -- Documents attached to offers (the signed PDF of a manual acceptance).
    CREATE TABLE offer_media (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      offer_id text NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
      kind text NOT NULL,
      filename text,
      content_type text NOT NULL,
      size_bytes integer NOT NULL,
      content bytea NOT NULL,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX offer_media_offer_idx ON offer_media (offer_id);
  `,
} satisfies Migration;
