// One offer in the console: its facts, each recipient's status, the documents and the activity timeline.
import type { ActivityRow } from '../offers/activities-repository.js';
import type { OfferReadT } from '../offers/schemas.js';
import { escapeHtml } from '../platform/html.js';
import { formatDate, formatDateTime, formatMoney, type Lang } from '../platform/locale-format.js';
import { scrollBox, type Signed, type View } from './layout.js';
import { offerActions, offerBanner, offerEditLinks, type OfferNotice } from './offer-actions-view.js';
import { textsFor } from './texts.js';

/** The offer's documents that exist, as [media id, label]. */
export function offerDocuments(offer: OfferReadT, lang: Lang): [string, string][] {
  const t = textsFor(lang);
  const docs: [string | null | undefined, string][] = [
    [offer.signedDocument, t.signedDocument],
    [offer.auditLogDocument, t.auditLog],
    [offer.purchaseOrderDocument, t.purchaseOrder],
  ];
  return docs.filter((d): d is [string, string] => typeof d[0] === 'string' && d[0].length > 0);
}

const row = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd>`;

export function offerView(
  lang: Lang,
  signed: Signed,
  offer: OfferReadT,
  activities: readonly ActivityRow[],
  notice: OfferNotice = {},
): View {
  const t = textsFor(lang);
  const title = offer.name ? `${offer.number} · ${offer.name}` : offer.number;
  const value =
    offer.cachedContractValueCents && offer.cachedContractValueCurrency
      ? formatMoney(BigInt(offer.cachedContractValueCents), offer.cachedContractValueCurrency, lang)
      : '–';
  const facts = [
    row(t.status, offer.status),
    row(t.acceptanceMode, offer.acceptanceMode),
    row(t.dealType, offer.dealType ?? '–'),
    row(t.value, value),
    row(t.validUntil, offer.validUntil ? formatDate(new Date(offer.validUntil), lang) : '–'),
    row(t.created, formatDateTime(new Date(offer.createdAt), lang)),
  ].join('');
  const recipients = offer.recipients
    .map((r) => {
      const name = [r.firstName, r.lastName].filter(Boolean).join(' ');
      return `<tr><td>${escapeHtml(name)}</td><td>${escapeHtml(r.email)}</td><td>${escapeHtml(r.role)}</td><td>${escapeHtml(r.signingStatus)}</td></tr>`;
    })
    .join('');
  const recipientTable = scrollBox(
    t.recipients,
    `<table><thead><tr><th scope="col">${escapeHtml(t.name)}</th><th scope="col">${escapeHtml(t.email)}</th><th scope="col">${escapeHtml(t.role)}</th><th scope="col">${escapeHtml(t.signingStatus)}</th></tr></thead><tbody>${recipients}</tbody></table>`,
  );
  const docs = offerDocuments(offer, lang);
  const documents = docs.length
    ? `<ul>${docs.map(([id, label]) => `<li><a href="/app/offers/${offer.id}/documents/${id}">${escapeHtml(label)}</a></li>`).join('')}</ul>`
    : `<p>${escapeHtml(t.noDocuments)}</p>`;
  const timeline = activities
    .map(
      (a) =>
        `<li><time datetime="${a.created_at.toISOString()}">${escapeHtml(formatDateTime(a.created_at, lang))}</time> · ${escapeHtml(a.type)}</li>`,
    )
    .join('');
  return {
    lang,
    title,
    section: 'offers',
    signed,
    body: `<p><a href="/app/offers">${escapeHtml(t.back)}</a></p><h1>${escapeHtml(title)}</h1>${offerBanner(lang, notice)}
${offerEditLinks(lang, signed, offer)}${offerActions(lang, signed, offer)}
<section class="card" aria-labelledby="h-details"><h2 id="h-details">${escapeHtml(t.details)}</h2><dl>${facts}</dl></section>
<section class="card" aria-labelledby="h-recipients"><h2 id="h-recipients">${escapeHtml(t.recipients)}</h2>${recipientTable}</section>
<section class="card" aria-labelledby="h-documents"><h2 id="h-documents">${escapeHtml(t.documents)}</h2>${documents}</section>
<section class="card" aria-labelledby="h-timeline"><h2 id="h-timeline">${escapeHtml(t.timeline)}</h2><ol class="timeline">${timeline}</ol></section>`,
  };
}
