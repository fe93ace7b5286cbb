import type { Migration } from './index.js';

// Reusable offer templates: the content an offer starts from (offerTemplateId on create).
export default {
  version: 9,
  name: 'offer_templates',
  sql: /* sql */ `
    CREATE TABLE offer_templates (
      id uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
      name text NOT NULL,
      content jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    );
    CREATE INDEX offer_templates_org_idx ON offer_templates (organisation_id, created_at, id);
  `,
} satisfies Migration;
