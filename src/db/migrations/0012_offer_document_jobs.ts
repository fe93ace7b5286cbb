import type { Migration } from './index.js';

// The signed PDF and the audit trail of a completed offer are rendered after the commit that
// completes it, never under the offer's row lock. The completing transaction writes one job row;
// the request runs it right after the commit, and a worker picks up any job a crashed process left.
export default {
  version: 12,
  name: 'offer_document_jobs',
  sql: /* sql */ `
    CREATE TABLE offer_document_jobs (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      offer_id text NOT NULL UNIQUE REFERENCES offers (id) ON DELETE CASCADE,
      -- Who holds the job (a fresh id per claim) and until when; an expired lease may be claimed again.
      claim uuid NOT NULL,
      lease_until timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 1,
      last_error text,
      created_at timestamptz NOT NULL
    );
    CREATE INDEX offer_document_jobs_lease_idx ON offer_document_jobs (lease_until);
  `,
} satisfies Migration;
