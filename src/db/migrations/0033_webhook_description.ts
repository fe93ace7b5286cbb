// A webhook endpoint's description: free text for people (what the endpoint is for), shown in the
// console and returned by the webhook API; optional.
import type { Migration } from './index.js';

const migration: Migration = {
  version: 33,
  name: 'webhook_description',
  sql: `
    ALTER TABLE webhook_endpoints ADD COLUMN description text CHECK (char_length(description) <= 500);
  `,
};

export default migration;
