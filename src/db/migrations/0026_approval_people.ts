import type { Migration } from './index.js';

// Approvals that name people (issue 16): a request's requester and a decision's approver are an API
// token or a console user. Both are uuids; the kind says which, so the read model can name it.
// Requests made before came from tokens, or from console users (whose ids are no token's).
export default {
  version: 26,
  name: 'approval_people',
  sql: /* sql */ `
    ALTER TABLE offer_approval_requests
      ADD COLUMN requested_by_kind text NOT NULL DEFAULT 'api_token' CHECK (requested_by_kind IN ('api_token', 'user'));
    UPDATE offer_approval_requests r SET requested_by_kind = 'user'
      WHERE NOT EXISTS (SELECT 1 FROM api_tokens t WHERE t.id = r.requested_by);
    ALTER TABLE offer_approval_decisions
      ADD COLUMN approver_kind text NOT NULL DEFAULT 'api_token' CHECK (approver_kind IN ('api_token', 'user'));
  `,
} satisfies Migration;
