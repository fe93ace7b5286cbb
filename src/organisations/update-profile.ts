// Changes an organisation's profile with a JSON merge patch (RFC 7396): a field left out keeps its
// value, null clears it, address and bank merge field by field. The merged profile is checked as a
// whole (an address needs line1, postal code, city and country once it has any field) before it is
// written; the row is locked, so two patches at once both land.
import type { Context } from '../platform/context.js';
import { AppError, notFound, type Violation } from '../platform/errors.js';
import { lockProfile, saveProfile, type OrganisationProfile } from './profile.js';
import {
  bicProblem,
  compactIban,
  countryProblem,
  emailProblem,
  ibanProblem,
  percentProblem,
  phoneProblem,
  vatIdProblem,
  websiteProblem,
} from './profile-rules.js';
import type { ProfilePatchT } from './profile-schemas.js';
import { profileView, type ProfileView } from './profile-view.js';

type Json = Record<string, unknown>;

/** RFC 7396: null removes, an object merges into an object, anything else replaces. */
export function mergePatch(target: Json, patch: Json): Json {
  const out: Json = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (typeof value === 'object' && !Array.isArray(value)) {
      const base = out[key];
      const merged = mergePatch(base && typeof base === 'object' ? (base as Json) : {}, value as Json);
      if (Object.keys(merged).length === 0) delete out[key];
      else out[key] = merged;
    } else out[key] = value;
  }
  return out;
}

const REQUIRED = { address: ['line1', 'postalCode', 'city', 'country'], bank: ['accountHolder', 'iban'] } as const;

/** Every violation of the merged profile, and the profile as stored (IBAN, BIC and VAT ID normalised). */
export function checkProfile(merged: Json): { profile: OrganisationProfile; violations: Violation[] } {
  const violations: Violation[] = [];
  const check = (propertyPath: string, value: unknown, rule: (v: never) => string | null) => {
    if (value === undefined || value === null) return;
    const message = rule(value as never);
    if (message) violations.push({ propertyPath, message, code: 'invalid_format' });
  };
  const profile = structuredClone(merged) as OrganisationProfile;
  for (const [group, fields] of Object.entries(REQUIRED)) {
    const value = profile[group as keyof typeof REQUIRED] as Json | undefined;
    if (!value) continue;
    for (const field of fields)
      if (value[field] === undefined)
        violations.push({ propertyPath: `${group}.${field}`, message: 'This value is required.', code: 'required' });
  }
  check('email', profile.email, emailProblem);
  check('phone', profile.phone, phoneProblem);
  check('website', profile.website, websiteProblem);
  check('vatId', profile.vatId, vatIdProblem);
  check('address.country', profile.address?.country, countryProblem);
  check('bank.iban', profile.bank?.iban, ibanProblem);
  check('bank.bic', profile.bank?.bic, bicProblem);
  check('defaultTaxRate', profile.defaultTaxRate, percentProblem);
  if (profile.vatId) profile.vatId = profile.vatId.replace(/[\s.-]/g, '').toUpperCase();
  if (profile.bank?.iban) profile.bank.iban = compactIban(profile.bank.iban);
  if (profile.bank?.bic) profile.bank.bic = profile.bank.bic.toUpperCase();
  return { profile, violations };
}

const trimmed = (patch: unknown): unknown =>
  typeof patch === 'string'
    ? patch.trim() || null // blank is no value: cleared like null
    : patch && typeof patch === 'object'
      ? Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, trimmed(v)]))
      : patch;

export async function updateProfile(ctx: Context, patch: ProfilePatchT): Promise<ProfileView> {
  const { deps, organisationId } = ctx;
  return deps.db.transaction(async (tx) => {
    const current = await lockProfile(tx, organisationId);
    if (!current) throw notFound('Organisation');
    const { profile, violations } = checkProfile(mergePatch(current as Json, trimmed(patch) as Json));
    if (violations.length > 0) throw new AppError('unprocessable', 'The organisation profile is invalid.', violations);
    await saveProfile(tx, organisationId, profile);
    return profileView(deps.config.publicUrl, organisationId, profile);
  });
}
