// The detail page's action buttons (plain POST forms, no JS) and the banner saying how the last
// action ended. A button shows only when the state machine allows the action and the role may write.
import type { OfferReadT } from '../offers/schemas.js';
import { transition, type AcceptanceMode, type OfferAction, type OfferStatus } from '../offers/states.js';
import { escapeHtml } from '../platform/html.js';
import type { Lang } from '../platform/locale-format.js';
import { can } from '../users/permissions.js';
import { editorTextsFor } from './editor-texts.js';
import { csrfField, type Signed } from './layout.js';
import { textsFor, type Texts } from './texts.js';

/** Each console action: its path segment, the state machine's action, its label and button style. */
export const OFFER_ACTIONS = [
  { path: 'publish', action: 'publish', label: 'publish', style: '' },
  { path: 'cancel-signing', action: 'cancel_signing', label: 'cancelSigning', style: 'secondary' },
  { path: 'archive', action: 'archive', label: 'archive', style: 'danger' },
] as const satisfies readonly { path: string; action: OfferAction; label: keyof Texts; style: string }[];

/** How an action ended, as `?done=` on the redirect back to the detail page. */
export const DONE = { published: 'donePublished', approval: 'doneApproval', cancelled: 'doneCancelled', archived: 'doneArchived' } as const;
export type Done = keyof typeof DONE;

export interface OfferNotice {
  done?: string;
  error?: string;
}

export function offerBanner(lang: Lang, notice: OfferNotice): string {
  const t = textsFor(lang);
  if (notice.error) return `<p class="error" role="alert">${escapeHtml(t.actionFailed)} ${escapeHtml(notice.error)}</p>`;
  // A save in the editor (offer-editor-routes.ts) comes back here too.
  if (notice.done === 'saved') return `<p class="notice" role="status">${escapeHtml(editorTextsFor(lang).saved)}</p>`;
  const key = notice.done && Object.hasOwn(DONE, notice.done) ? DONE[notice.done as Done] : null;
  return key ? `<p class="notice" role="status">${escapeHtml(t[key])}</p>` : '';
}

/** Preview for every reader; Edit for a writer while the offer may change. */
export function offerEditLinks(lang: Lang, signed: Signed, offer: OfferReadT): string {
  const e = editorTextsFor(lang);
  const base = `/app/offers/${escapeHtml(offer.id)}`;
  const editable =
    can(signed.user.role, 'offers.write') && transition(offer.status as OfferStatus, 'update', offer.acceptanceMode as AcceptanceMode).ok;
  return `<p class="links">${editable ? `<a class="button" href="${base}/edit">${escapeHtml(e.edit)}</a> ` : ''}<a href="${base}/preview">${escapeHtml(e.preview)}</a></p>`;
}

export function offerActions(lang: Lang, signed: Signed, offer: OfferReadT): string {
  if (!can(signed.user.role, 'offers.write')) return '';
  const t = textsFor(lang);
  const forms = OFFER_ACTIONS.filter(
    (a) => transition(offer.status as OfferStatus, a.action, offer.acceptanceMode as AcceptanceMode).ok,
  ).map(
    (a) =>
      `<form class="inline" method="post" action="/app/offers/${escapeHtml(offer.id)}/${a.path}">${csrfField(signed)}<button type="submit"${
        a.style ? ` class="${a.style}"` : ''
      }>${escapeHtml(t[a.label])}</button></form>`,
  );
  if (forms.length === 0) return '';
  return `<section class="card" aria-labelledby="h-actions"><h2 id="h-actions">${escapeHtml(t.actions)}</h2>${forms.join(' ')}</section>`;
}
