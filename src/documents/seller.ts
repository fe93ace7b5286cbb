// Who sells, on paper: the letterhead (logo or name, address, contact) and the footer with the legal
// details (legal name, address, VAT ID, register entry, bank), from the organisation profile. Pure.
import type { PostalAddress, SellerProfile } from '../organisations/profile.js';
import type { Lang } from '../platform/locale-format.js';
import { documentTexts } from './document-texts.js';
import type { Letterhead } from './pdf-model.js';

/** What the documents know of the seller: the profile as loaded, and the logo's bytes when readable. */
export interface SellerInput {
  profile: SellerProfile | null;
  logo: Uint8Array | null;
}

const joined = (parts: (string | null | undefined)[], sep = ' · ') => parts.filter((p): p is string => !!p && p.trim() !== '').join(sep);

/** Street, postal code and city, country: the lines of a postal address. */
export function addressLines(a: PostalAddress | null | undefined): string[] {
  if (!a) return [];
  return [a.line1, a.line2 ?? '', joined([a.postalCode, a.city], ' '), a.country].filter((l) => l.trim() !== '');
}

export function letterheadOf(seller: SellerInput, fallbackName: string): Letterhead {
  const p = seller.profile;
  return {
    name: p?.displayName ?? fallbackName,
    lines: [...addressLines(p?.address), ...[p?.email, p?.phone, p?.website].filter((l): l is string => !!l)],
    logo: seller.logo,
  };
}

/** The legal details, one short line each so that every line fits the page's width. */
export function footerOf(seller: SellerInput, lang: Lang): string[] {
  const p = seller.profile;
  if (!p) return [];
  const t = documentTexts(lang);
  const lines = [
    joined([p.displayName, addressLines(p.address).join(', ')]),
    joined([p.vatId ? `${t.vatId} ${p.vatId}` : null, p.registerEntry]),
    p.bank
      ? joined([`${t.bank}: ${p.bank.accountHolder}`, p.bank.bankName, `IBAN ${p.bank.iban}`, p.bank.bic ? `BIC ${p.bank.bic}` : null])
      : '',
  ];
  return lines.filter((l) => l !== '');
}
