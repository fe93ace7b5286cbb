// The styled 404 page a browser sees on either surface: an unknown payment link (/invoice/{slug}), an
// unknown offer link, or any path without a route. German or English by Accept-Language; an API
// client that asks for JSON keeps getting its surface's JSON 404 (prefersHtml decides).
import type { FastifyRequest } from 'fastify';
import { escapeHtml } from './html.js';
import type { Lang } from './locale-format.js';

export type NotFoundKind = 'page' | 'invoice' | 'offer';

const TEXTS: Record<Lang, Record<NotFoundKind, { title: string; text: string }>> = {
  en: {
    page: { title: 'Page not found', text: 'There is no page at this address. Check the link you followed.' },
    invoice: {
      title: 'Invoice not found',
      text: 'This payment link is unknown or no longer valid. Check the link the shop gave you, or ask the shop for a new one.',
    },
    offer: { title: 'Offer not found', text: 'This link is unknown or no longer valid. Ask the sender for a new link.' },
  },
  de: {
    page: { title: 'Seite nicht gefunden', text: 'Unter dieser Adresse gibt es keine Seite. Prüfen Sie den Link, dem Sie gefolgt sind.' },
    invoice: {
      title: 'Rechnung nicht gefunden',
      text: 'Dieser Zahlungslink ist unbekannt oder nicht mehr gültig. Prüfen Sie den Link, den Sie vom Shop erhalten haben, oder bitten Sie den Shop um einen neuen.',
    },
    offer: {
      title: 'Angebot nicht gefunden',
      text: 'Dieser Link ist unbekannt oder nicht mehr gültig. Bitten Sie den Absender um einen neuen Link.',
    },
  },
};

const STYLE = `
body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0;display:flex;justify-content:center}
main{background:#fff;margin:2rem 1rem;padding:1.5rem 2rem;border-radius:12px;max-width:28rem;width:100%;box-shadow:0 1px 4px #0002;box-sizing:border-box}
h1{font-size:1.3rem;margin:0 0 .75rem}p{line-height:1.5;margin:0}.code{color:#4b5563;font-size:.85rem;margin:0 0 .25rem}`;

/** The whole document; `nonce` is the response's CSP nonce for the inline style. */
export function renderNotFoundPage(lang: Lang, kind: NotFoundKind, nonce: string): string {
  const t = TEXTS[lang][kind];
  const e = escapeHtml;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${e(t.title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main><p class="code">404</p><h1>${e(t.title)}</h1><p>${e(t.text)}</p></main></body></html>`;
}

/**
 * Whether the client wants an HTML page rather than JSON: it lists text/html before any JSON type in
 * Accept (browsers do). Without an Accept header `fallback` decides: true for a page's own URL.
 */
export function prefersHtml(request: FastifyRequest, fallback = false): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const accept = (request.headers.accept ?? '').toLowerCase();
  if (!accept.trim()) return fallback;
  const html = accept.indexOf('text/html');
  const json = accept.search(/application\/([a-z.+-]*\+)?json/);
  if (html === -1) return fallback && json === -1;
  return json === -1 || html < json;
}
