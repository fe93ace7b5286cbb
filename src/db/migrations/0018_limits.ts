// Failed authentications shared by every replica on one PostgreSQL (platform/auth-failures.ts: a
// row per client address or presented credential, the credential only as a hash), and the row
// /readyz writes to learn that writes still work (operations/readiness.ts).
import type { Migration } from './index.js';

const migration: Migration = {
  version: 18,
  name: 'limits',
  sql: `
    CREATE TABLE auth_failures (
      key text PRIMARY KEY,
      failures integer NOT NULL,
      window_ends timestamptz NOT NULL
    );
    CREATE INDEX auth_failures_window_ends ON auth_failures (window_ends);

    CREATE TABLE readiness_probe (
      id integer PRIMARY KEY CHECK (id = 1),
      written_at timestamptz NOT NULL
    );
  `,
};

export default migration;
