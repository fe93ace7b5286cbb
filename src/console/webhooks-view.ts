// The webhooks screen's list page: the organisation's endpoints, the form to add one, and — only on
// the response to the POST that made it — the new signing secret, shown once with a copy button.
import { escapeHtml } from '../platform/html.js';
import { formatDateTime, type Lang } from '../platform/locale-format.js';
import { availableEvents, WILDCARD } from '../webhooks/events.js';
import type { EndpointView } from '../webhooks/serialize.js';
import { COPY_PATH } from './copy-script.js';
import { csrfField, scrollBox, type Signed, type View } from './layout.js';
import { webhookTextsFor, type WebhookTexts } from './webhooks-texts.js';

export const WEBHOOKS_PATH = '/app/webhooks';

export interface WebhookNotice {
  error?: string;
  /** Violations of the use case, each a sentence. */
  problems?: string[];
  done?: string;
  /** A secret just made (create or rotation): shown on this one response. */
  secret?: { value: string; rotated: boolean };
}

export function noticeBox(t: WebhookTexts, notice: WebhookNotice): string {
  if (notice.error) {
    const list = notice.problems?.length ? `<ul>${notice.problems.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>` : '';
    return `<div class="error" role="alert"><p>${escapeHtml(notice.error)}</p>${list}</div>`;
  }
  if (notice.secret) {
    return `<div class="notice" role="status"><p>${escapeHtml(notice.secret.rotated ? t.rotated : t.created)}</p>
<p><code id="webhook-secret">${escapeHtml(notice.secret.value)}</code> <button type="button" class="secondary" data-copy="webhook-secret" data-done="${escapeHtml(t.copied)}">${escapeHtml(t.copy)}</button></p>
<p><strong>${escapeHtml(t.secretOnce)}</strong></p></div>`;
  }
  return notice.done ? `<p class="notice" role="status">${escapeHtml(notice.done)}</p>` : '';
}

export function statusText(t: WebhookTexts, endpoint: EndpointView, lang: Lang): string {
  if (endpoint.enabled) return t.enabled;
  if (endpoint.disabledReason && endpoint.disabledReason !== 'manual' && endpoint.disabledAt)
    return t.disabledAuto(formatDateTime(new Date(endpoint.disabledAt), lang));
  return t.disabled;
}

const eventsText = (t: WebhookTexts, events: readonly string[]) => (events.includes(WILDCARD) ? t.allEvents : events.join(', '));

/** The URL field and the event checkboxes, filled with `values` (the create and the edit form). */
export function endpointFields(
  t: WebhookTexts,
  prefix: string,
  values: { url: string; description: string | null; events: readonly string[] },
): string {
  const box = (name: string, label: string) =>
    `<label><input type="checkbox" name="event.${escapeHtml(name)}" value="on"${values.events.includes(name) ? ' checked' : ''}> ${label}</label>`;
  const events = [
    box(WILDCARD, escapeHtml(t.allEvents)),
    ...availableEvents().map((e) => box(e.name, `<code>${escapeHtml(e.name)}</code>`)),
  ];
  return `<label for="${prefix}-url">${escapeHtml(t.url)}</label>
<input id="${prefix}-url" name="url" type="url" inputmode="url" maxlength="2048" required value="${escapeHtml(values.url)}" aria-describedby="${prefix}-url-hint">
<p id="${prefix}-url-hint" class="muted">${escapeHtml(t.urlHint)}</p>
<label for="${prefix}-description">${escapeHtml(t.description)}</label><input id="${prefix}-description" name="description" type="text" maxlength="500" value="${escapeHtml(values.description ?? '')}">
<fieldset><legend>${escapeHtml(t.events)}</legend><div class="checks event-list">${events.join('')}</div></fieldset>`;
}

export function webhooksView(
  lang: Lang,
  signed: Signed,
  endpoints: readonly EndpointView[],
  notice: WebhookNotice = {},
  draft: { url: string; description: string | null; events: readonly string[] } = { url: '', description: null, events: [] },
): View {
  const t = webhookTextsFor(lang);
  const rows = endpoints
    .map(
      (
        e,
      ) => `<tr><td><a href="${WEBHOOKS_PATH}/${e.id}">${escapeHtml(e.url)}</a>${e.description ? `<br><span class="muted">${escapeHtml(e.description)}</span>` : ''}</td><td>${escapeHtml(eventsText(t, e.events))}</td>
<td>${escapeHtml(statusText(t, e, lang))}</td><td>${e.consecutiveFailures}</td></tr>`,
    )
    .join('');
  const table = endpoints.length
    ? scrollBox(
        t.endpoints,
        `<table><thead><tr><th scope="col">${escapeHtml(t.url)}</th><th scope="col">${escapeHtml(t.events)}</th><th scope="col">${escapeHtml(t.status)}</th><th scope="col">${escapeHtml(t.failures)}</th></tr></thead><tbody>${rows}</tbody></table>`,
      )
    : `<p>${escapeHtml(t.none)}</p>`;
  return {
    lang,
    title: t.title,
    section: 'webhooks',
    signed,
    scripts: notice.secret ? [COPY_PATH] : [],
    body: `<h1>${escapeHtml(t.title)}</h1>${noticeBox(t, notice)}<p class="muted">${escapeHtml(t.intro)} <a href="/docs#/Webhooks">${escapeHtml(t.apiReference)}</a></p>
${table}
<section class="card" aria-labelledby="h-webhook-create"><h2 id="h-webhook-create">${escapeHtml(t.create)}</h2>
<form method="post" action="${WEBHOOKS_PATH}">${csrfField(signed)}${endpointFields(t, 'create', draft)}
<p><button type="submit">${escapeHtml(t.createButton)}</button></p></form></section>`,
  };
}
