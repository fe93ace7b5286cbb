// One merchant invoice in the console: details, status history, transactions and the callbacks sent
// for it with each attempt (time, HTTP status or error, a bounded response excerpt, the next retry).
// Those who manage payments get "send again" per callback. While a callback is queued or being
// sent, the callbacks section asks again every 2 s (htmx), so the new attempt shows once it happened.
import type { InvoiceActivity } from '../invoices/invoice-activity.js';
import { escapeHtml } from '../platform/html.js';
import { formatDateTime, type Lang } from '../platform/locale-format.js';
import { can } from '../users/permissions.js';
import type { AttemptView } from '../webhooks/serialize.js';
import { csrfField, scrollBox, type Signed, type View } from './layout.js';
import { paymentsTextsFor, type PaymentsTexts } from './payments-texts.js';
import { amountText, PAYMENTS, paymentsNav, statusBadge, unixTime } from './payments-views.js';

/** What the page shows of a receiver's answer: enough to recognise it, never the whole body. */
export const EXCERPT_CHARS = 300;
const POLL_WINDOW_MS = 15_000;

export interface InvoiceNotice {
  done?: boolean;
  error?: string;
}

type Callback = InvoiceActivity['callbacks'][number];

const when = (iso: string | null, lang: Lang) =>
  iso ? `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatDateTime(new Date(iso), lang))}</time>` : '–';

const row = (label: string, html: string) => `<dt>${escapeHtml(label)}</dt><dd>${html}</dd>`;

function attemptRow(lang: Lang, a: AttemptView): string {
  const result = a.statusCode !== null ? `HTTP ${a.statusCode}` : (a.error ?? '–');
  const excerpt = a.response ? a.response.slice(0, EXCERPT_CHARS) + (a.response.length > EXCERPT_CHARS ? '…' : '') : '';
  return `<tr><td>${a.attempt}</td><td>${when(a.startedAt, lang)}</td><td>${escapeHtml(result)}${a.statusCode !== null && a.error ? ` · ${escapeHtml(a.error)}` : ''}</td>
<td>${excerpt ? `<code class="excerpt">${escapeHtml(excerpt)}</code>` : '–'}</td></tr>`;
}

function callbackCard(lang: Lang, t: PaymentsTexts, signed: Signed, invoiceId: number, c: Callback, n: number): string {
  const statusLabel = c.callbackStatus ? (t.statusLabel[c.callbackStatus] ?? c.callbackStatus) : '–';
  const heading = t.callback(n, statusLabel);
  const attempts = c.attemptLog.length
    ? scrollBox(
        heading,
        `<table><thead><tr><th scope="col">${escapeHtml(t.attempt)}</th><th scope="col">${escapeHtml(t.time)}</th><th scope="col">${escapeHtml(t.result)}</th><th scope="col">${escapeHtml(t.response)}</th></tr></thead>
<tbody>${c.attemptLog.map((a) => attemptRow(lang, a)).join('')}</tbody></table>`,
      )
    : `<p>${escapeHtml(t.noAttempts)}</p>`;
  const resend =
    can(signed.user.role, 'payments.manage') && c.status !== 'delivering'
      ? `<form method="post" action="${PAYMENTS}/invoices/${invoiceId}/callbacks/${escapeHtml(c.id)}/resend">${csrfField(signed)}<button type="submit" class="secondary">${escapeHtml(t.sendAgain)}</button></form>`
      : '';
  return `<article class="callback" data-delivery="${escapeHtml(c.id)}"><h3>${escapeHtml(heading)}</h3>
<dl>${row(t.delivery, escapeHtml(t.deliveryStatus[c.status] ?? c.status))}${row(t.nextRetry, when(c.nextAttemptAt, lang))}</dl>
${attempts}${resend}</article>`;
}

/** Whether something is about to happen: a callback being sent, or due within the poll window. */
function busy(activity: InvoiceActivity, now: Date): boolean {
  if (activity.queued > 0) return true;
  return activity.callbacks.some(
    (c) =>
      c.status === 'delivering' ||
      (c.status === 'pending' && c.nextAttemptAt !== null && new Date(c.nextAttemptAt).getTime() - now.getTime() < POLL_WINDOW_MS),
  );
}

export function callbacksSection(lang: Lang, signed: Signed, activity: InvoiceActivity, now: Date): string {
  const t = paymentsTextsFor(lang);
  const id = activity.invoice.id;
  const poll = busy(activity, now)
    ? ` hx-get="${PAYMENTS}/invoices/${id}" hx-trigger="every 2s" hx-select="#callbacks" hx-target="this" hx-swap="outerHTML"`
    : '';
  const notes = [
    activity.queued ? `<p class="muted">${escapeHtml(t.queued(activity.queued))}</p>` : '',
    activity.unsent ? `<p class="muted">${escapeHtml(t.unsent(activity.unsent))}</p>` : '',
  ].join('');
  const cards = activity.callbacks.length
    ? activity.callbacks.map((c, i) => callbackCard(lang, t, signed, id, c, i + 1)).join('')
    : `<p>${escapeHtml(t.noCallbacks)}</p>`;
  return `<section class="card" id="callbacks" aria-labelledby="h-callbacks"${poll}><h2 id="h-callbacks">${escapeHtml(t.callbacks)}</h2>${notes}${cards}</section>`;
}

export function invoiceView(lang: Lang, signed: Signed, activity: InvoiceActivity, now: Date, notice: InvoiceNotice = {}): View {
  const t = paymentsTextsFor(lang);
  const i = activity.invoice;
  const title = `${t.invoices} ${i.id} · ${i.foreign_id}`;
  const banner = notice.error
    ? `<p class="error" role="alert">${escapeHtml(t.resendFailed)} ${escapeHtml(notice.error)}</p>`
    : notice.done
      ? `<p class="notice" role="status">${escapeHtml(t.resent)}</p>`
      : '';
  const facts = [
    row(t.status, statusBadge(t, i.status)),
    i.error ? row(t.error, escapeHtml(i.error)) : '',
    row(t.title, escapeHtml(i.title)),
    row(t.amount, escapeHtml(amountText(i.amount, i.currency))),
    row(t.payerAmount, escapeHtml(amountText(i.sender_amount, i.sender_currency))),
    row(t.network, escapeHtml(i.live ? t.modeLive : t.modeSandbox)),
    row(t.created, escapeHtml(unixTime(i.created_at, lang))),
    row(t.expires, escapeHtml(unixTime(i.expires_at, lang))),
    row(t.paymentPage, `<a href="${escapeHtml(i.url)}">${escapeHtml(t.paymentPage)}</a>`),
  ].join('');
  const history = activity.history
    .map(
      (h) =>
        `<li><time datetime="${h.at.toISOString()}">${escapeHtml(formatDateTime(h.at, lang))}</time> · ${statusBadge(t, h.status)}</li>`,
    )
    .join('');
  const txRows = activity.transactions
    .map(
      (x) =>
        `<tr><td><code>${escapeHtml(x.txid)}</code></td><td class="num">${escapeHtml(amountText(x.amount, x.currency))}</td><td class="num">${x.confirmations}</td><td>${escapeHtml(x.network)}</td><td>${escapeHtml(formatDateTime(x.createdAt, lang))}</td></tr>`,
    )
    .join('');
  const transactions = activity.transactions.length
    ? scrollBox(
        t.transactions,
        `<table><thead><tr>${[t.txHash, t.amount, t.confirmations, t.network, t.time].map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${txRows}</tbody></table>`,
      )
    : `<p>${escapeHtml(t.noTransactions)}</p>`;
  return {
    lang,
    title,
    section: 'payments',
    signed,
    body: `<p><a href="${PAYMENTS}">${escapeHtml(t.back)}</a></p><h1>${escapeHtml(title)}</h1>${paymentsNav(t, signed, 'invoices')}${banner}
<section class="card" aria-labelledby="h-details"><h2 id="h-details">${escapeHtml(t.details)}</h2><dl>${facts}</dl></section>
<section class="card" aria-labelledby="h-history"><h2 id="h-history">${escapeHtml(t.history)}</h2><ol class="timeline">${history}</ol><p class="muted">${escapeHtml(t.historyNote)}</p></section>
<section class="card" aria-labelledby="h-transactions"><h2 id="h-transactions">${escapeHtml(t.transactions)}</h2>${transactions}</section>
${callbacksSection(lang, signed, activity, now)}`,
  };
}
