// The profile as the APIs show it: every field present (null when unset) and the logo's public URL.
import { logoUrl } from './logo.js';
import type { OrganisationProfile } from './profile.js';
import type { ProfileReadT } from './profile-schemas.js';

export type ProfileView = ProfileReadT;

export function profileView(publicUrl: string, organisationId: string, p: OrganisationProfile): ProfileView {
  return {
    legalName: p.legalName ?? null,
    address: p.address
      ? {
          line1: p.address.line1,
          line2: p.address.line2 ?? null,
          postalCode: p.address.postalCode,
          city: p.address.city,
          country: p.address.country,
        }
      : null,
    vatId: p.vatId ?? null,
    registerEntry: p.registerEntry ?? null,
    logoMediaId: p.logoMediaId ?? null,
    logoUrl: logoUrl({ organisationId, logoMediaId: p.logoMediaId }, publicUrl),
    email: p.email ?? null,
    phone: p.phone ?? null,
    website: p.website ?? null,
    bank: p.bank
      ? { accountHolder: p.bank.accountHolder, iban: p.bank.iban, bic: p.bank.bic ?? null, bankName: p.bank.bankName ?? null }
      : null,
    defaultTaxRate: p.defaultTaxRate ?? null,
  };
}
