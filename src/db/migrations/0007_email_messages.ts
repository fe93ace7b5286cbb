import type { Migration } from './index.js';

// E-mail leaves like every other side effect: a row written in the business transaction, sent later
// by a worker (claimed with SKIP LOCKED under a lease, retried with backoff). The message is rendered
// at send time, so no recipient link token is ever stored in the clear.
export default {
  version: 7,
  name: 'email_messages',
  sql: /* sql */ `
    CREATE TABLE email_messages (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      kind text NOT NULL,
      data jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      lease_until timestamptz,
      last_error text,
      created_at timestamptz NOT NULL,
      sent_at timestamptz
    );
    CREATE INDEX email_messages_due_idx ON email_messages (next_attempt_at) WHERE status = 'pending';
    -- Retention deletes finished messages by age.
    CREATE INDEX email_messages_finished_idx ON email_messages (created_at) WHERE status IN ('sent', 'failed');
  `,
} satisfies Migration;
