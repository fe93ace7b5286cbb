// Reads what the documents show of the seller: the organisation profile and its logo's bytes
// (organisations/logo.ts). A logo that is missing, too large or not drawable is left out, and the
// letterhead shows the name instead.
import { loadLogoBytes, logoOf, type LogoRecord, type StoredLogo } from '../organisations/logo.js';
import { LOGO_IMAGE_KEY, loadProfile, sellerProfileOf, type OrganisationProfile } from '../organisations/profile.js';
import type { Deps } from '../platform/deps.js';
import { isDrawableImage } from './pdf.js';
import type { SellerInput } from './seller.js';

/** A letterhead logo larger than this is not drawn (it would only bloat every document). */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;

export async function loadSeller(deps: Pick<Deps, 'config' | 'db'>, organisationId: string): Promise<SellerInput> {
  const profile = await loadProfile(deps.db, organisationId);
  const stored = profile?.logoMediaId ? await loadLogoBytes(deps.db, profile).catch(() => null) : null;
  return { profile, logo: drawable(stored) };
}

const drawable = (stored: StoredLogo | null) =>
  stored && stored.bytes.length <= MAX_LOGO_BYTES && isDrawableImage(stored.bytes) ? stored.bytes : null;

/** The organisation's row as one statement reads it along with other things (SELLER_COLUMNS of `organisations o`). */
export interface SellerRow {
  seller_name: string;
  seller_profile: OrganisationProfile;
  seller_logo: LogoRecord | null;
}

export const SELLER_COLUMNS = `o.name AS seller_name, o.profile - '${LOGO_IMAGE_KEY}' AS seller_profile, o.profile -> '${LOGO_IMAGE_KEY}' AS seller_logo`;

/** loadSeller's answer from a SellerRow (a logo record that is not the current one, or not drawable, is left out). */
export function sellerOf(organisationId: string, row: SellerRow): SellerInput {
  const profile = sellerProfileOf(organisationId, { name: row.seller_name, profile: row.seller_profile });
  let stored: StoredLogo | null = null;
  try {
    stored = logoOf(profile, row.seller_logo);
  } catch {
    stored = null;
  }
  return { profile, logo: drawable(stored) };
}
