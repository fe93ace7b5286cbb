// The approvals inbox: each request waiting for a decision as a card (the offer, who asked and when,
// its value, the step, what going live releases) with the approve/reject form when the user may
// decide it, and the decided requests as a table.
import type { Inbox, InboxItem, InboxPaging, PageInfo } from '../offers/approval/inbox.js';
import { escapeHtml } from '../platform/html.js';
import { formatDateTime, formatMoney, type Lang } from '../platform/locale-format.js';
import { can } from '../users/permissions.js';
import { approvalTextsFor, type ApprovalTexts } from './approvals-texts.js';
import { csrfField, scrollBox, type Signed, type View } from './layout.js';

export interface InboxNotice {
  done?: string;
  error?: string;
}

const DONE = { approved: 'doneApproved', rejected: 'doneRejected' } as const;

const when = (iso: string | null, lang: Lang) => (iso ? formatDateTime(new Date(iso), lang) : '–');
const fact = (label: string, value: string) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`;

function offerLink(item: InboxItem): string {
  const title = item.offer.name ? `${item.offer.number} · ${item.offer.name}` : item.offer.number;
  return `<a href="/app/offers/${escapeHtml(item.offer.id)}">${escapeHtml(title)}</a>`;
}

function approverNames(t: ApprovalTexts, item: InboxItem): string {
  const people = item.step.users.map((u) => escapeHtml(u.name ?? u.id));
  const tokens = item.step.approvers.map((a) => `${escapeHtml(a.label ?? a.id)} (${escapeHtml(t.token)})`);
  return [...people, ...tokens].join(', ') || '–';
}

function decisionList(t: ApprovalTexts, lang: Lang, item: InboxItem): string {
  if (item.decisions.length === 0) return '';
  const rows = item.decisions.map((d) => {
    const who = `${escapeHtml(d.account.label ?? d.account.id)}${d.account.kind === 'api_token' ? ` (${escapeHtml(t.token)})` : ''}`;
    const comment = d.comment ? `: <q>${escapeHtml(d.comment)}</q>` : '';
    return `<li>${who} · ${escapeHtml(t[d.decision])} · ${escapeHtml(when(d.decidedAt, lang))}${comment}</li>`;
  });
  return `<ul class="decisions">${rows.join('')}</ul>`;
}

function decideForm(t: ApprovalTexts, signed: Signed, item: InboxItem): string {
  if (!can(signed.user.role, 'approvals.decide')) return `<p class="muted">${escapeHtml(t.readOnly)}</p>`;
  if (item.ownRequest) return `<p class="muted">${escapeHtml(t.ownRequest)}</p>`;
  if (!item.canDecide) return `<p class="muted">${escapeHtml(t.notNamed)}</p>`;
  const id = escapeHtml(item.id);
  return `<form method="post" action="/app/approvals/${id}/approve">${csrfField(signed)}
<label for="comment-${id}">${escapeHtml(t.comment)}</label><textarea id="comment-${id}" name="comment" rows="2" maxlength="5000"></textarea>
<p class="inline"><button type="submit">${escapeHtml(t.approve)}</button> <button type="submit" class="danger" formaction="/app/approvals/${id}/reject">${escapeHtml(t.reject)}</button></p></form>`;
}

function waitingCard(t: ApprovalTexts, lang: Lang, signed: Signed, item: InboxItem): string {
  const value = item.offer.value ? escapeHtml(formatMoney(item.offer.value.cents, item.offer.value.currency, lang)) : '–';
  const facts = [
    fact(t.value, value),
    fact(t.requestedBy, escapeHtml(item.requestedBy.name ?? item.requestedBy.id)),
    fact(t.requestedAt, escapeHtml(when(item.requestedAt, lang))),
    fact(t.step, escapeHtml(t.stepOf(item.step.order, item.stepCount, item.step.name, item.step.quorum))),
    fact(t.approvers, approverNames(t, item)),
    fact(t.release, escapeHtml(t.releaseTo(item.release.recipients, item.release.notifyRecipients))),
    ...(item.release.customMessage ? [fact(t.message, escapeHtml(item.release.customMessage))] : []),
  ].join('');
  return `<article class="card" aria-labelledby="req-${escapeHtml(item.id)}"><h3 id="req-${escapeHtml(item.id)}">${offerLink(item)}</h3>
<dl>${facts}</dl>${decisionList(t, lang, item)}${decideForm(t, signed, item)}</article>`;
}

function endedTable(t: ApprovalTexts, lang: Lang, items: readonly InboxItem[]): string {
  if (items.length === 0) return `<p>${escapeHtml(t.noneEnded)}</p>`;
  const head = [t.offer, t.status, t.requestedBy, t.requestedAt, t.decidedAt, t.decisions]
    .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
    .join('');
  const rows = items.map(
    (i) =>
      `<tr><td>${offerLink(i)}</td><td>${escapeHtml(t.statuses[i.status] ?? i.status)}</td><td>${escapeHtml(i.requestedBy.name ?? i.requestedBy.id)}</td>
<td>${escapeHtml(when(i.requestedAt, lang))}</td><td>${escapeHtml(when(i.decidedAt, lang))}</td><td>${decisionList(t, lang, i) || '–'}</td></tr>`,
  );
  return scrollBox(t.ended, `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`);
}

function banner(t: ApprovalTexts, notice: InboxNotice): string {
  if (notice.error) return `<p class="error" role="alert">${escapeHtml(t.failed)} ${escapeHtml(notice.error)}</p>`;
  const key = notice.done && Object.hasOwn(DONE, notice.done) ? DONE[notice.done as keyof typeof DONE] : null;
  return key ? `<p class="notice" role="status">${escapeHtml(t[key])}</p>` : '';
}

/** The URL of the inbox with one list on another page; the other list's page and the size stay. */
function pageHref(paging: InboxPaging, list: 'waitingPage' | 'endedPage', page: number): string {
  const next = { ...paging, [list]: page };
  const params = new URLSearchParams();
  if (next.waitingPage > 1) params.set('waitingPage', String(next.waitingPage));
  if (next.endedPage > 1) params.set('decidedPage', String(next.endedPage));
  if (paging.limit) params.set('limit', String(paging.limit));
  const query = params.toString();
  return `/app/approvals${query ? `?${query}` : ''}${list === 'waitingPage' ? '#h-waiting' : '#h-ended'}`;
}

/** Previous and next links of one list, when there is such a page. */
function pager(t: ApprovalTexts, label: string, paging: InboxPaging, list: 'waitingPage' | 'endedPage', info: PageInfo): string {
  if (info.page === 1 && !info.hasNext) return '';
  const links = [
    ...(info.page > 1 ? [`<a rel="prev" href="${escapeHtml(pageHref(paging, list, info.page - 1))}">${escapeHtml(t.earlier)}</a>`] : []),
    `<span>${escapeHtml(t.pageOf(label, info.page))}</span>`,
    ...(info.hasNext ? [`<a rel="next" href="${escapeHtml(pageHref(paging, list, info.page + 1))}">${escapeHtml(t.later)}</a>`] : []),
  ];
  return `<nav class="inline" aria-label="${escapeHtml(t.pageOf(label, info.page))}">${links.join(' ')}</nav>`;
}

export function inboxView(
  lang: Lang,
  signed: Signed,
  inbox: Inbox,
  notice: InboxNotice = {},
  paging: InboxPaging = { waitingPage: 1, endedPage: 1 },
): View {
  const t = approvalTextsFor(lang);
  const waiting = inbox.waiting.length
    ? inbox.waiting.map((item) => waitingCard(t, lang, signed, item)).join('\n')
    : `<p>${escapeHtml(t.noneWaiting)}</p>`;
  const policyLink = can(signed.user.role, 'organisation.manage')
    ? `<p><a href="/app/approvals/policy">${escapeHtml(t.policyLink)}</a></p>`
    : '';
  return {
    lang,
    title: t.inbox,
    section: 'approvals',
    signed,
    body: `<h1>${escapeHtml(t.inbox)}</h1>${banner(t, notice)}${policyLink}
<section aria-labelledby="h-waiting"><h2 id="h-waiting">${escapeHtml(t.waiting)}</h2>${waiting}${pager(t, t.waiting, paging, 'waitingPage', inbox.pages.waiting)}</section>
<section aria-labelledby="h-ended"><h2 id="h-ended">${escapeHtml(t.ended)}</h2>${endedTable(t, lang, inbox.ended)}${pager(t, t.ended, paging, 'endedPage', inbox.pages.ended)}</section>`,
  };
}
