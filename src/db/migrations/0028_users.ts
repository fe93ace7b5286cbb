// People: users of an organisation with a role, their console sessions, one-time links (invitations
// and password resets) and failed sign-ins for throttling. Session ids and link tokens are stored
// only as SHA-256 hashes; passwords only as Argon2id hashes.
import type { Migration } from './index.js';

const migration: Migration = {
  version: 28,
  name: 'users',
  sql: `
    CREATE TABLE users (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      email text NOT NULL,
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('owner', 'admin', 'seller', 'approver', 'viewer')),
      password_hash text,
      locale text CHECK (locale IN ('de', 'en')),
      created_at timestamptz NOT NULL
    );
    CREATE UNIQUE INDEX users_organisation_email ON users (organisation_id, lower(email));
    CREATE INDEX users_email ON users (lower(email));

    CREATE TABLE user_sessions (
      id_hash bytea PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      organisation_id uuid NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL
    );
    CREATE INDEX user_sessions_user ON user_sessions (user_id);

    CREATE TABLE user_links (
      token_hash bytea PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      purpose text NOT NULL CHECK (purpose IN ('invitation', 'reset')),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    );
    CREATE INDEX user_links_user ON user_links (user_id);

    CREATE TABLE login_failures (
      key_hash bytea NOT NULL,
      failed_at timestamptz NOT NULL
    );
    CREATE INDEX login_failures_key ON login_failures (key_hash, failed_at);
  `,
};

export default migration;
