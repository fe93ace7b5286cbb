// Rows → the admin API's wire shapes. Token secrets never appear here: they are shown once, at issue.
import { isoDate } from '../platform/time.js';
import type { ApiTokenRow, OrganisationRow } from './repository.js';

export interface OrganisationView {
  id: string;
  name: string;
  createdAt: string;
}

export const organisationView = (row: OrganisationRow): OrganisationView => ({
  id: row.id,
  name: row.name,
  createdAt: isoDate(row.created_at),
});

export const tokenView = (row: ApiTokenRow) => ({
  id: row.id,
  label: row.label,
  prefix: row.token_prefix,
  scopes: row.scopes,
  createdAt: isoDate(row.created_at),
  revokedAt: isoDate(row.revoked_at),
});
