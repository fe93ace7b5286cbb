// Who sells: the organisation profile that heads the offer page, the PDFs' letterhead and footer, and
// the hosted invoice page. Stored whole in organisations.profile (migration 22); every field optional,
// so a page falls back to the organisation's name when the profile is empty.
import type { Queryable } from '../db/database.js';

export interface PostalAddress {
  line1: string;
  line2?: string | null;
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2, e.g. DE. */
  country: string;
}

export interface BankDetails {
  accountHolder: string;
  iban: string;
  bic?: string | null;
  bankName?: string | null;
}

export interface OrganisationProfile {
  legalName?: string | null;
  address?: PostalAddress | null;
  vatId?: string | null;
  /** Commercial register entry, e.g. "Amtsgericht München, HRB 123456". */
  registerEntry?: string | null;
  /** A media file (documents/media-store.ts) holding a PNG or JPEG logo. */
  logoMediaId?: string | null;
  email?: string | null;
  phone?: string | null;
  website?: string | null;
  bank?: BankDetails | null;
  /** Percent, 0–100 with at most two decimals; the tax rate of a line item that names none. */
  defaultTaxRate?: number | null;
}

/** The profile as pages and documents use it: the name to show is never empty. */
export interface SellerProfile extends OrganisationProfile {
  organisationId: string;
  /** legalName, else the organisation's name. */
  displayName: string;
}

/** Tax rate applied when neither the line item nor the profile names one (German standard VAT). */
export const FALLBACK_TAX_RATE = 19;

export async function loadProfile(q: Queryable, organisationId: string): Promise<SellerProfile | null> {
  const { rows } = await q.query<{ name: string; profile: OrganisationProfile }>('SELECT name, profile FROM organisations WHERE id = $1', [
    organisationId,
  ]);
  const row = rows[0];
  if (!row) return null;
  return { ...row.profile, organisationId, displayName: row.profile.legalName || row.name };
}

/** Replaces the stored profile with `profile` (callers merge a PATCH before). */
export async function saveProfile(q: Queryable, organisationId: string, profile: OrganisationProfile): Promise<boolean> {
  const { rowCount } = await q.query('UPDATE organisations SET profile = $2::jsonb WHERE id = $1', [
    organisationId,
    JSON.stringify(profile),
  ]);
  return (rowCount ?? 0) > 0;
}
