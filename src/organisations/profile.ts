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

/**
 * The logo's bytes live in the same jsonb under this key (organisations/logo.ts): the media store keeps
 * only an offer's media (offer_media.offer_id is NOT NULL). Reads of the profile leave them out.
 */
export const LOGO_IMAGE_KEY = 'logoImage';

export async function loadProfile(q: Queryable, organisationId: string): Promise<SellerProfile | null> {
  const { rows } = await q.query<{ name: string; profile: OrganisationProfile }>(
    `SELECT name, profile - '${LOGO_IMAGE_KEY}' AS profile FROM organisations WHERE id = $1`,
    [organisationId],
  );
  return rows[0] ? sellerProfileOf(organisationId, rows[0]) : null;
}

/** The profile as pages and documents use it, from the organisation's name and stored profile (without the logo's bytes). */
export const sellerProfileOf = (organisationId: string, row: { name: string; profile: OrganisationProfile }): SellerProfile => ({
  ...row.profile,
  organisationId,
  displayName: row.profile.legalName || row.name,
});

/** The stored profile (without the logo's bytes), the row locked until the transaction ends; null: no such organisation. */
export async function lockProfile(q: Queryable, organisationId: string): Promise<OrganisationProfile | null> {
  const { rows } = await q.query<{ profile: OrganisationProfile }>(
    `SELECT profile - '${LOGO_IMAGE_KEY}' AS profile FROM organisations WHERE id = $1 FOR UPDATE`,
    [organisationId],
  );
  return rows[0]?.profile ?? null;
}

/** Replaces the stored profile with `profile` (callers merge a PATCH before); the logo's bytes stay. */
export async function saveProfile(q: Queryable, organisationId: string, profile: OrganisationProfile): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE organisations SET profile = $2::jsonb || jsonb_strip_nulls(jsonb_build_object('${LOGO_IMAGE_KEY}', profile -> '${LOGO_IMAGE_KEY}'))
     WHERE id = $1`,
    [organisationId, JSON.stringify(profile)],
  );
  return (rowCount ?? 0) > 0;
}

/** The rate a line item without one gets when written: the profile's default, else FALLBACK_TAX_RATE. */
export async function defaultTaxRateOf(q: Queryable, organisationId: string): Promise<number> {
  const { rows } = await q.query<{ rate: number | null }>(
    `SELECT (profile ->> 'defaultTaxRate')::numeric::float8 AS rate FROM organisations WHERE id = $1`,
    [organisationId],
  );
  return rows[0]?.rate ?? FALLBACK_TAX_RATE;
}
