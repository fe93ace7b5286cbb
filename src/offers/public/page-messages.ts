// The pages a link shows when it cannot show the offer: expired (in the offer's language, with whom to
// contact), withdrawn (signing cancelled or the offer archived) and unknown (by Accept-Language).
import type { SellerProfile } from '../../organisations/profile.js';
import { formatDate, type Lang } from '../../platform/locale-format.js';
import type { OfferRow } from '../repository.js';
import { esc, layout } from './page-layout.js';
import { contactHtml, contactOf, sellerHeader } from './page-seller.js';
import { textsFor, textsOf } from './page-texts.js';

export type MessageKind = 'expired' | 'withdrawn';

export function renderOfferMessage(kind: MessageKind, offer: OfferRow, seller: SellerProfile | null, nonce: string): string {
  const [t, lang] = textsFor(offer.locale);
  const title = kind === 'expired' ? t.expired : t.withdrawn;
  const contact = contactOf(offer.published_content as Record<string, unknown> | null, offer.contact_person);
  const lines: string[] = [];
  if (kind === 'expired' && offer.valid_until) lines.push(esc(t.expiredOn(formatDate(offer.valid_until, lang))));
  if (kind === 'withdrawn') lines.push(esc(t.withdrawnText));
  if (contact) lines.push(t.expiredContact(contactHtml(contact)));
  else if (seller?.email)
    lines.push(t.expiredContact(contactHtml({ firstName: seller.displayName, email: seller.email, phone: seller.phone })));
  else if (kind === 'expired') lines.push(esc(t.expiredText));
  const name = (offer.published_content?.name as string | undefined) ?? offer.name;
  return layout(
    lang,
    title,
    nonce,
    `${sellerHeader(seller, t)}<h1 id="${kind}">${esc(title)}</h1>${name ? `<p class="muted">${esc(name)}</p>` : ''}${lines.map((l) => `<p>${l}</p>`).join('')}`,
  );
}

export function renderNotFound(lang: Lang, nonce: string): string {
  const t = textsOf(lang);
  return layout(lang, t.notFound, nonce, `<h1 id="notFound">${esc(t.notFound)}</h1><p>${esc(t.notFoundText)}</p>`);
}
