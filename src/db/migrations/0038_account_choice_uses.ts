import type { Migration } from './index.js';

// The organisation chooser's signed choice (users/account-choice.ts) is stateless; this table makes
// it single-use: choosing spends the token's hash, so a copy of the cookie replayed within its five
// minutes starts no second session. Rows are useless once the token expires and are pruned then.
export default {
  version: 38,
  name: 'account_choice_uses',
  sql: /* sql */ `
    CREATE TABLE account_choice_uses (
      token_hash bytea PRIMARY KEY,
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX account_choice_uses_expires_idx ON account_choice_uses (expires_at);
  `,
} satisfies Migration;
