import type { Migration } from './index.js';

// Internal approval of offers before they go live (issue 3): a policy per organisation, requests that
// snapshot the policy's steps, and the approvers' decisions. Approvers are API tokens, which now carry
// a label so people can tell them apart.
export default {
  version: 6,
  name: 'offer_approvals',
  sql: /* sql */ `
    ALTER TABLE api_tokens ADD COLUMN label text;

    CREATE TABLE approval_policies (
      organisation_id uuid PRIMARY KEY REFERENCES organisations (id) ON DELETE CASCADE,
      -- Offers whose contract value is below this need no approval; null: every offer does.
      min_contract_value_cents bigint CHECK (min_contract_value_cents >= 0),
      steps jsonb NOT NULL,
      updated_at timestamptz NOT NULL
    );

    CREATE TABLE offer_approval_requests (
      id uuid PRIMARY KEY,
      -- Insertion order: the newest request is the one the sub-resource shows (timestamps can tie).
      seq bigint GENERATED ALWAYS AS IDENTITY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      offer_id text NOT NULL REFERENCES offers (id) ON DELETE CASCADE,
      version_hash text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
      -- The policy's steps when the request was made: a later policy change does not move the goalposts.
      steps jsonb NOT NULL,
      step_index integer NOT NULL DEFAULT 0,
      -- What publishing does once approved (recipients to release to, notification wishes).
      publish_input jsonb NOT NULL,
      requested_by uuid NOT NULL,
      requested_by_label text,
      requested_at timestamptz NOT NULL,
      decided_at timestamptz
    );
    CREATE UNIQUE INDEX offer_approval_requests_one_pending ON offer_approval_requests (offer_id) WHERE status = 'pending';
    CREATE INDEX offer_approval_requests_offer_idx ON offer_approval_requests (organisation_id, offer_id, seq DESC);

    CREATE TABLE offer_approval_decisions (
      id uuid PRIMARY KEY,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      request_id uuid NOT NULL REFERENCES offer_approval_requests (id) ON DELETE CASCADE,
      step_index integer NOT NULL,
      approver_id uuid NOT NULL,
      approver_label text,
      decision text NOT NULL CHECK (decision IN ('approve', 'reject')),
      comment text,
      decided_at timestamptz NOT NULL,
      UNIQUE (request_id, step_index, approver_id)
    );
    CREATE INDEX offer_approval_decisions_request_idx ON offer_approval_decisions (request_id, seq);
  `,
} satisfies Migration;
