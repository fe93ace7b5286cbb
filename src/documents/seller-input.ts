// Reads what the documents show of the seller: the organisation profile and its logo's bytes
// (organisations/logo.ts). A logo that is missing, too large or not drawable is left out, and the
// letterhead shows the name instead.
import { loadLogoBytes } from '../organisations/logo.js';
import { loadProfile } from '../organisations/profile.js';
import type { Deps } from '../platform/deps.js';
import { isDrawableImage } from './pdf.js';
import type { SellerInput } from './seller.js';

/** A letterhead logo larger than this is not drawn (it would only bloat every document). */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;

export async function loadSeller(deps: Pick<Deps, 'config' | 'db'>, organisationId: string): Promise<SellerInput> {
  const profile = await loadProfile(deps.db, organisationId);
  const stored = profile?.logoMediaId ? await loadLogoBytes(deps.db, profile).catch(() => null) : null;
  const logo = stored && stored.bytes.length <= MAX_LOGO_BYTES && isDrawableImage(stored.bytes) ? stored.bytes : null;
  return { profile, logo };
}
