// Who sells and whom to ask: the organisation profile as the page header, and the offer's contact
// person (name, e-mail, phone) on the offer page and on the pages that can no longer show the offer.
import { logoUrl } from '../../organisations/logo.js';
import type { SellerProfile } from '../../organisations/profile.js';
import { esc } from './page-layout.js';
import type { Texts } from './page-texts.js';

export interface ContactPerson {
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
}

/** The contact person of a published version (as the recipient saw it), else of the offer row. */
export function contactOf(
  published: Record<string, unknown> | null | undefined,
  row?: Record<string, unknown> | null,
): ContactPerson | null {
  const c = (published?.contactPerson ?? row ?? null) as ContactPerson | null;
  return c && (c.firstName || c.lastName || c.email) ? c : null;
}

/** The seller's logo from this server (decorative: the name follows as text), or nothing. */
function logoHtml(seller: SellerProfile): string {
  const url = logoUrl(seller);
  return url ? `<img class="logo" src="${esc(url)}" alt="" height="48">` : '';
}

/** The page header: logo, the seller's legal or organisation name, address and VAT ID. */
export function sellerHeader(seller: SellerProfile | null, t: Texts): string {
  if (!seller) return '';
  const a = seller.address;
  const address = a ? [a.line1, a.line2, `${a.postalCode} ${a.city}`, a.country].filter(Boolean).join(', ') : '';
  const reach = [
    seller.email ? `<a href="mailto:${esc(seller.email)}">${esc(seller.email)}</a>` : '',
    seller.phone ? `<a href="tel:${esc(seller.phone.replace(/[^+0-9]/g, ''))}">${esc(seller.phone)}</a>` : '',
    seller.website ? esc(seller.website) : '',
  ].filter(Boolean);
  return `<header class="seller" aria-label="${esc(t.seller)}"><div>${logoHtml(seller)}<p class="name" id="seller-name">${esc(seller.displayName)}</p>
${address ? `<p>${esc(address)}</p>` : ''}${seller.vatId ? `<p>${esc(t.vatId)} ${esc(seller.vatId)}</p>` : ''}</div>
${reach.length > 0 ? `<div><p>${reach.join('<br>')}</p></div>` : ''}</header>`;
}

/** "Anna Muster (anna@…, +49 …)", with mail and phone links. */
export function contactHtml(c: ContactPerson): string {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ');
  const ways = [
    c.email ? `<a href="mailto:${esc(c.email)}">${esc(c.email)}</a>` : '',
    c.phone ? `<a href="tel:${esc(c.phone.replace(/[^+0-9]/g, ''))}">${esc(c.phone)}</a>` : '',
  ].filter(Boolean);
  if (!name) return ways.join(', ');
  return ways.length > 0 ? `${esc(name)} (${ways.join(', ')})` : esc(name);
}
