// The offer page of one recipient in every state the link can be in while the offer is live: open,
// signing, waiting for others, invoice details, done, declined. Server-rendered; the state comes from
// the read model, the confirmation of the step just taken from `?done=…` after a form's redirect.
import { FALLBACK_TAX_RATE, type SellerProfile } from '../../organisations/profile.js';
import { formatDate, formatDateTime, type Lang } from '../../platform/locale-format.js';
import { acceptForm, declineForm, type DetailsForm, detailsForm, signForm } from './page-forms.js';
import { itemsHtml, textHtml } from './page-items.js';
import { esc, layout } from './page-layout.js';
import { contactHtml, contactOf, sellerHeader } from './page-seller.js';
import { textsFor, type Texts } from './page-texts.js';
import type { PublicView } from './view.js';

export interface OfferPageInput {
  view: PublicView;
  token: string;
  nonce: string;
  query: Record<string, string | undefined>;
  seller: SellerProfile | null;
  /** A failed invoice-details submit, shown again as typed. */
  failed?: DetailsForm | null;
  /** The console's preview of a draft: this banner (HTML, escaped by the caller) on top, and no downloads (nothing is published). */
  preview?: string;
}

type Step = 'review' | 'sign' | 'accept' | 'details' | 'done';

/** The steps that apply to this recipient, each with whether it is done; none for a reader. */
function stepsOf(v: PublicView): [Step, boolean][] {
  const { offer, recipient: me } = v;
  if (me.role === 'read') return [];
  const finished = offer.status === 'signed';
  const acted =
    offer.acceptanceMode === 'esignature'
      ? me.signingStatus === 'signed' || finished
      : offer.status === 'awaiting_invoice_details' || finished;
  const steps: [Step, boolean][] = [
    ['review', true],
    [offer.acceptanceMode === 'esignature' ? 'sign' : 'accept', acted],
  ];
  if (me.role === 'sign') steps.push(['details', finished || offer.capturedInvoiceDetails !== null]);
  steps.push(['done', finished]);
  return steps;
}

function stepsHtml(v: PublicView, t: Texts): string {
  const steps = stepsOf(v);
  if (steps.length === 0 || v.offer.declined) return '';
  const current = steps.find(([, complete]) => !complete)?.[0] ?? 'done';
  const items = steps.map(([step, complete]) => {
    const now = step === current;
    return `<li${now ? ' aria-current="step"' : complete ? ' class="complete"' : ''}>${complete && !now ? '✓ ' : ''}${esc(t.step[step])}${complete && !now ? ` <span class="sr">${t.stepDone}</span>` : ''}</li>`;
  });
  return `<nav aria-label="${t.steps}"><ol class="steps" id="steps">${items.join('')}</ol></nav>`;
}

function noticesHtml(v: PublicView, t: Texts, lang: Lang, query: OfferPageInput['query'], sellerName: string): string {
  const out: string[] = [];
  const when = (iso: string | null) => (iso ? formatDateTime(new Date(iso), lang) : '');
  if (query.error) out.push(`<div class="notice error" role="alert">${esc(t.errors[Number(query.error)] ?? t.errors[500])}</div>`);
  const step = query.done && t.confirm[query.done];
  if (step && v.offer.status !== 'signed' && !v.offer.declined) {
    const next = v.actions.submitInvoiceDetails ? `<p>${t.nextDetails}</p>` : '';
    out.push(`<div class="notice" role="status" id="step-confirmation"><p>${esc(step)}</p>${next}</div>`);
  }
  const d = v.offer.declined;
  if (d) {
    const text = d.byYou ? t.declinedByYou(when(d.at), sellerName) : t.declinedOther(when(d.at));
    const reason = d.reason ? `<p>${esc(t.yourReason)} „${esc(d.reason)}“</p>` : '';
    out.push(`<div class="notice warn" role="status" id="declined"><p>${esc(text)}</p>${reason}</div>`);
  } else if (v.offer.status === 'signed') {
    const who = v.participants
      .filter((p) => p.signedAt)
      .map((p) => `<li>${esc(t.doneBy([p.firstName, p.lastName].filter(Boolean).join(' ') || v.recipient.email, when(p.signedAt)))}</li>`);
    out.push(
      `<div class="notice" role="status" id="confirmation"><p><strong>${t.done}</strong></p>${who.length > 0 ? `<p>${t.doneWho}</p><ul>${who.join('')}</ul>` : ''}<p>${esc(t.whatNext(sellerName))}</p></div>`,
    );
  } else if (v.offer.status === 'awaiting_invoice_details' && !v.actions.submitInvoiceDetails)
    out.push(`<div class="notice" role="status">${t.waitingDetails}</div>`);
  else if (v.recipient.signingStatus === 'signed' && v.offer.status === 'signing')
    out.push(`<div class="notice" role="status">${t.waitingSigners}</div>`);
  else if (v.recipient.role === 'read') out.push(`<p class="muted">${t.readOnly}</p>`);
  return out.join('\n');
}

export function renderOffer({ view: v, token, nonce, query, seller, failed = null, preview }: OfferPageInput): string {
  const [t, lang] = textsFor(v.offer.locale);
  const action = (path: string) => `/o/${esc(token)}/${path}`;
  const bad = new Set((query.fields ?? '').split(',').filter(Boolean));
  const sellerName = seller?.displayName ?? t.seller;
  const statusText = v.offer.declined ? t.statuses.declined : (t.statuses[v.offer.status] ?? v.offer.status);
  const validUntil = v.offer.validUntil ? ` · ${t.validUntil} ${esc(formatDate(new Date(v.offer.validUntil), lang))}` : '';
  const out: string[] = [preview ?? '', sellerHeader(seller, t)];
  out.push(`<h1>${esc(v.offer.name ?? v.offer.number)}</h1>`);
  out.push(
    `<p class="muted">${t.offer} ${esc(v.offer.number)}${validUntil} · ${t.status}: <span class="badge" id="offer-status">${esc(statusText)}</span></p>`,
  );
  out.push(stepsHtml(v, t));
  out.push(noticesHtml(v, t, lang, query, sellerName));

  out.push(textHtml(v.offer.content));
  out.push(itemsHtml(v.offer.content.lineItems ?? [], seller?.defaultTaxRate ?? FALLBACK_TAX_RATE, t, lang));

  const contact = contactOf(v.offer.content as Record<string, unknown>);
  if (contact) out.push(`<h2>${t.contact}</h2><p id="contact">${t.contactLine(contactHtml(contact))}</p>`);

  if (v.participants.length > 0 && v.offer.acceptanceMode === 'esignature') {
    const line = (p: PublicView['participants'][number]) =>
      `${esc([p.firstName, p.lastName].filter(Boolean).join(' ') || '–')} (${esc(t.roles[p.role] ?? p.role)}): ${esc(p.signedAt ? t.signedOn(formatDateTime(new Date(p.signedAt), lang)) : (t.signing[p.signingStatus] ?? p.signingStatus))}`;
    out.push(`<h2>${t.participants}</h2><ul>${v.participants.map((p) => `<li>${line(p)}</li>`).join('')}</ul>`);
  }
  if (!preview)
    out.push(
      `<h2>${t.downloads}</h2><ul class="docs"><li><a href="${esc(v.documents.offer)}">${t.download}</a></li>${v.documents.signed ? `<li><a href="${esc(v.documents.signed)}">${t.signedPdf}</a></li>` : ''}${v.documents.auditLog ? `<li><a href="${esc(v.documents.auditLog)}">${t.auditLog}</a></li>` : ''}</ul>`,
    );

  if (v.actions.accept) out.push(acceptForm(action('accept'), t));
  if (v.actions.sign) out.push(signForm(action('sign'), v, t, bad));
  if (v.actions.submitInvoiceDetails) out.push(detailsForm(action('invoice-details'), v, t, failed, bad));
  if (v.actions.decline) out.push(declineForm(action('decline'), t, sellerName));
  return layout(lang, `${v.offer.name ?? v.offer.number} · ${t.offer}`, nonce, out.join('\n'), true);
}
