// Who sells: the organisation's public profile (legal name, address, VAT ID, register entry, logo,
// contact details, optional bank details, default tax rate) heads offer pages, PDFs and invoice
// pages. One jsonb document: it is read whole and written whole, never queried by field.
import type { Migration } from './index.js';

const migration: Migration = {
  version: 22,
  name: 'organisation_profile',
  sql: `
    ALTER TABLE organisations ADD COLUMN profile jsonb NOT NULL DEFAULT '{}';
  `,
};

export default migration;
