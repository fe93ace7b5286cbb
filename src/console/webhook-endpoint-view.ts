// One webhook endpoint's page: change it, enable or disable it, rotate its secret, delete it, and its
// delivery log (event, time, status, attempts, last response status) a page at a time, each delivery
// with a "send again" button.
import { escapeHtml } from '../platform/html.js';
import { formatDateTime, type Lang } from '../platform/locale-format.js';
import type { DeliveryView, EndpointView } from '../webhooks/serialize.js';
import { COPY_PATH } from './copy-script.js';
import { csrfField, scrollBox, type Signed, type View } from './layout.js';
import { webhookTextsFor, type WebhookTexts } from './webhooks-texts.js';
import { endpointFields, noticeBox, statusText, WEBHOOKS_PATH, type WebhookNotice } from './webhooks-view.js';

export const DELIVERIES_PER_PAGE = 20;

export interface DeliveryPage {
  data: readonly DeliveryView[];
  total: number;
  page: number;
}

const button = (signed: Signed, action: string, label: string, kind = 'secondary') =>
  `<form class="inline" method="post" action="${action}">${csrfField(signed)}<button type="submit" class="${kind}">${escapeHtml(label)}</button></form>`;

function deliveryRows(lang: Lang, t: WebhookTexts, signed: Signed, base: string, deliveries: readonly DeliveryView[]): string {
  return deliveries
    .map((d) => {
      const resend =
        d.status === 'delivered' || d.status === 'failed' ? button(signed, `${base}/deliveries/${d.id}/redeliver`, t.redeliver) : '';
      return `<tr><td><code>${escapeHtml(d.eventType)}</code></td><td>${escapeHtml(formatDateTime(new Date(d.createdAt), lang))}</td>
<td>${escapeHtml(t.statuses[d.status] ?? d.status)}</td><td>${d.attempts}</td><td>${d.lastStatusCode ?? '–'}</td><td>${resend}</td></tr>`;
    })
    .join('');
}

function pager(t: WebhookTexts, base: string, page: DeliveryPage): string {
  const pages = Math.max(1, Math.ceil(page.total / DELIVERIES_PER_PAGE));
  if (pages === 1) return '';
  const link = (to: number, label: string, rel: string) => `<a href="${base}?page=${to}" rel="${rel}">${escapeHtml(label)}</a>`;
  return `<nav class="pager" aria-label="${escapeHtml(t.deliveries)}">${page.page > 1 ? link(page.page - 1, t.previous, 'prev') : ''}
<span>${escapeHtml(t.page(page.page, pages))}</span>${page.page < pages ? link(page.page + 1, t.next, 'next') : ''}</nav>`;
}

export function webhookEndpointView(
  lang: Lang,
  signed: Signed,
  endpoint: EndpointView,
  deliveries: DeliveryPage,
  notice: WebhookNotice = {},
  draft?: { url: string; description: string | null; events: readonly string[] },
): View {
  const t = webhookTextsFor(lang);
  const base = `${WEBHOOKS_PATH}/${endpoint.id}`;
  const log = deliveries.data.length
    ? scrollBox(
        t.deliveries,
        `<table><thead><tr><th scope="col">${escapeHtml(t.eventType)}</th><th scope="col">${escapeHtml(t.time)}</th><th scope="col">${escapeHtml(t.deliveryStatus)}</th><th scope="col">${escapeHtml(t.attempts)}</th><th scope="col">${escapeHtml(t.response)}</th><th scope="col"><span class="muted">–</span></th></tr></thead>
<tbody>${deliveryRows(lang, t, signed, base, deliveries.data)}</tbody></table>`,
      ) + pager(t, base, deliveries)
    : `<p>${escapeHtml(t.noDeliveries)}</p>`;
  const toggle = endpoint.enabled
    ? `<p class="muted">${escapeHtml(t.disableHint)}</p>${button(signed, `${base}/disable`, t.disable)}`
    : button(signed, `${base}/enable`, t.enable, '');
  return {
    lang,
    title: endpoint.url,
    section: 'webhooks',
    signed,
    scripts: notice.secret ? [COPY_PATH] : [],
    body: `<p><a href="${WEBHOOKS_PATH}">${escapeHtml(t.back)}</a></p><h1 class="wrap">${escapeHtml(endpoint.url)}</h1>${endpoint.description ? `<p>${escapeHtml(endpoint.description)}</p>` : ''}${noticeBox(t, notice)}
<section class="card" aria-labelledby="h-webhook-state"><h2 id="h-webhook-state">${escapeHtml(t.status)}: ${escapeHtml(statusText(t, endpoint, lang))}</h2>
<p>${escapeHtml(t.failures)}: ${endpoint.consecutiveFailures}</p>${toggle}</section>
<section aria-labelledby="h-webhook-log"><h2 id="h-webhook-log">${escapeHtml(t.deliveries)}</h2>${log}</section>
<section class="card" aria-labelledby="h-webhook-edit"><h2 id="h-webhook-edit">${escapeHtml(t.edit)}</h2>
<form method="post" action="${base}">${csrfField(signed)}${endpointFields(t, 'edit', draft ?? endpoint)}
<p><button type="submit">${escapeHtml(t.save)}</button></p></form></section>
<section class="card" aria-labelledby="h-webhook-secret"><h2 id="h-webhook-secret">${escapeHtml(t.secret)}</h2>
<p class="muted">${escapeHtml(t.rotateHint)}</p>${button(signed, `${base}/rotate-secret`, t.rotate)}</section>
<section class="card" aria-labelledby="h-webhook-delete"><h2 id="h-webhook-delete">${escapeHtml(t.remove)}</h2>
<p class="muted">${escapeHtml(t.removeHint)}</p>${button(signed, `${base}/delete`, t.remove, 'danger')}</section>`,
  };
}
