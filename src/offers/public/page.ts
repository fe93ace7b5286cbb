// The recipient's page at PUBLIC_URL/o/{token}: server-rendered HTML in German or English (the
// offer's locale), readable without JavaScript. Plain HTML forms post to /o/{token}/…, which call the
// same use cases as the Public offer API and redirect back (303) with the outcome in the query.
// The only script is the signature pad, inline under a nonce-based CSP; nothing comes from another host.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { classifyError } from '../../platform/classify-error.js';
import type { App, Deps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { registerUploadScope, uploadBodyLimit } from '../../platform/multipart.js';
import { pageSecurityHeaders, requireSameOrigin } from '../../platform/page-security.js';
import { formatMoney, intervalText } from '../../documents/offer-documents.js';
import { acceptOffer } from './accept.js';
import { localeOf } from './access.js';
import { submitInvoiceDetails } from './invoice-details.js';
import { acceptInput, invoiceDetailsInput, PURCHASE_ORDER_UPLOAD, recipientContext, signInput, type Fields } from './requests.js';
import { signOffer } from './sign.js';
import { readOffer, type PublicView } from './view.js';
import { escapeHtml } from '../../platform/html.js';
import { textsFor, type Texts } from './page-texts.js';

const esc = (s: unknown) => escapeHtml(String(s ?? ''));

const STYLE = `
*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f5f7;color:#1d2330;margin:0;line-height:1.5}
main{background:#fff;margin:1rem auto;padding:1.25rem;max-width:48rem;border-radius:12px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}.muted{color:#556}
.badge{display:inline-block;padding:.1rem .6rem;border-radius:99px;background:#e8ecf3;font-size:.85rem}
.table{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #dde}
td.n,th.n{text-align:right;white-space:nowrap}
form{border:1px solid #dde;border-radius:10px;padding:1rem;margin:1rem 0}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}label.check{display:flex;gap:.5rem;font-weight:400;align-items:flex-start}
input[type=text],input[type=email]{font:inherit;width:100%;padding:.5rem;border:1px solid #99a;border-radius:6px}
input:focus,button:focus,canvas:focus,a:focus{outline:3px solid #1d4ed8;outline-offset:2px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:0 1rem}
button{font:inherit;padding:.6rem 1.1rem;border-radius:8px;border:1px solid #99a;background:#fff;cursor:pointer;margin:.5rem .5rem 0 0}
button.primary{background:#1d4ed8;color:#fff;border-color:#1d4ed8}
canvas{display:block;width:100%;max-width:36rem;height:10rem;border:1px dashed #556;border-radius:8px;background:#fff;touch-action:none}
.notice{padding:.75rem 1rem;border-radius:8px;background:#d9f5e3;margin:1rem 0}.error{background:#fbe0e0}
.invalid{border-color:#b91c1c!important}ul.docs{padding-left:1.2rem}`;

const SCRIPT = `
(() => {
  const form = document.getElementById('sign-form'); if (!form) return;
  const canvas = document.getElementById('pad'); const ctx = canvas.getContext('2d');
  const hidden = document.getElementById('signatureImage'); const msg = document.getElementById('pad-message');
  let drawn = false, down = false;
  function size() { const r = canvas.getBoundingClientRect(); canvas.width = Math.round(r.width); canvas.height = Math.round(r.height);
    ctx.lineWidth = 2.5; ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.strokeStyle = '#0b1a4a'; drawn = false; }
  size();
  const at = (e) => { const r = canvas.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
  canvas.addEventListener('pointerdown', (e) => { down = true; msg.textContent = ''; canvas.setPointerCapture(e.pointerId); const [x, y] = at(e); ctx.beginPath(); ctx.moveTo(x, y); });
  canvas.addEventListener('pointermove', (e) => { if (!down) return; const [x, y] = at(e); ctx.lineTo(x, y); ctx.stroke(); drawn = true; });
  canvas.addEventListener('pointerup', () => { down = false; });
  document.getElementById('pad-clear').addEventListener('click', () => { ctx.clearRect(0, 0, canvas.width, canvas.height); drawn = false; });
  document.getElementById('pad-typed').addEventListener('click', () => {
    const name = document.getElementById('fullName').value.trim(); if (!name) { document.getElementById('fullName').focus(); return; }
    ctx.clearRect(0, 0, canvas.width, canvas.height); ctx.fillStyle = '#0b1a4a';
    ctx.font = 'italic ' + Math.round(canvas.height / 3) + 'px "Brush Script MT", cursive, serif'; ctx.fillText(name, 16, canvas.height * 0.62, canvas.width - 32); drawn = true;
  });
  form.addEventListener('submit', (e) => { if (!drawn) { e.preventDefault(); msg.textContent = msg.dataset.text; canvas.focus(); return; } hidden.value = canvas.toDataURL('image/png'); });
})();`;

const headers = (reply: FastifyReply, nonce: string): FastifyReply => pageSecurityHeaders(reply, nonce).type('text/html; charset=utf-8');

function layout(lang: string, title: string, nonce: string, body: string, script = false): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><title>${esc(title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main>${body}</main>${script ? `<script nonce="${nonce}">${SCRIPT}</script>` : ''}</body></html>`;
}

const resolveVars = (text: string, vars: Record<string, string> | null | undefined) =>
  text.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (m, k: string) => vars?.[k] ?? m);

function contentHtml(v: PublicView, t: Texts): string {
  const c = v.offer.content;
  const vars = c.customVariables;
  const parts: string[] = [];
  for (const s of c.sections ?? []) parts.push(`<p>${esc(resolveVars(s, vars))}</p>`);
  for (const b of c.blocks ?? []) {
    const pick = (...keys: string[]) => keys.map((k) => b[k]).find((x): x is string => typeof x === 'string');
    if (b.type === 'heading' || b.type === 'title')
      parts.push(`<h2>${esc(resolveVars(pick('text', 'title', 'content') ?? '', vars))}</h2>`);
    else {
      const h = pick('title', 'heading');
      const text = pick('text', 'content', 'body');
      if (h) parts.push(`<h2>${esc(resolveVars(h, vars))}</h2>`);
      if (text) parts.push(`<p>${esc(resolveVars(text, vars))}</p>`);
    }
  }
  const items = c.lineItems ?? [];
  if (items.length > 0) {
    parts.push(
      `<h2>${t.items}</h2><div class="table"><table><thead><tr><th scope="col">${t.item}</th><th scope="col" class="n">${t.qty}</th><th scope="col" class="n">${t.price}</th><th scope="col">${t.interval}</th></tr></thead><tbody>`,
    );
    for (const i of items) {
      parts.push(
        `<tr><td>${esc(i.name)}${i.description ? `<br><span class="muted">${esc(i.description)}</span>` : ''}</td><td class="n">${esc(i.quantity)}</td><td class="n">${esc(formatMoney(i.unitAmountCents, i.currency, v.offer.locale))}</td><td>${esc(intervalText(i.interval, v.offer.locale))}</td></tr>`,
      );
    }
    parts.push('</tbody></table></div>');
  }
  return parts.join('\n');
}

function field(
  t: Texts,
  name: keyof Texts['f'],
  required: boolean,
  bad: Set<string>,
  value = '',
  type = 'text',
  autocomplete = '',
): string {
  return `<div><label for="f-${name}">${esc(t.f[name])}${required ? ' *' : ` <span class="muted">(${t.optional})</span>`}</label>
<input type="${type}" id="f-${name}" name="${name}"${required ? ' required' : ''}${autocomplete ? ` autocomplete="${autocomplete}"` : ''} maxlength="200" value="${esc(value)}"${bad.has(name) ? ' class="invalid" aria-invalid="true"' : ''}></div>`;
}

function renderOffer(v: PublicView, token: string, nonce: string, query: Record<string, string | undefined>): string {
  const [t, lang] = textsFor(v.offer.locale);
  const action = (path: string) => `/o/${esc(token)}/${path}`;
  const bad = new Set((query.fields ?? '').split(',').filter(Boolean));
  const status = Number(query.error);
  const out: string[] = [];
  out.push(`<h1>${esc(v.offer.name ?? v.offer.number)}</h1>`);
  out.push(
    `<p class="muted">${t.offer} ${esc(v.offer.number)}${v.offer.validUntil ? ` · ${t.validUntil} ${esc(v.offer.validUntil.slice(0, 10))}` : ''} · ${t.status}: <span class="badge" id="offer-status">${esc(t.statuses[v.offer.status] ?? v.offer.status)}</span></p>`,
  );
  if (query.error) out.push(`<div class="notice error" role="alert">${esc(t.errors[status] ?? t.errors[500])}</div>`);
  if (v.offer.status === 'signed') out.push(`<div class="notice" role="status" id="confirmation">${t.done}</div>`);
  else if (v.offer.status === 'awaiting_invoice_details' && !v.actions.submitInvoiceDetails)
    out.push(`<div class="notice" role="status">${t.waitingDetails}</div>`);
  else if (v.recipient.signingStatus === 'signed' && v.offer.status === 'signing')
    out.push(`<div class="notice" role="status">${t.waitingSigners}</div>`);
  else if (v.recipient.role === 'read') out.push(`<p class="muted">${t.readOnly}</p>`);

  out.push(contentHtml(v, t));

  const signers = v.participants;
  if (signers.length > 0 && v.offer.acceptanceMode === 'esignature') {
    out.push(
      `<h2>${t.participants}</h2><ul>${signers.map((p) => `<li>${esc([p.firstName, p.lastName].filter(Boolean).join(' ') || '–')} (${esc(t.roles[p.role] ?? p.role)}): ${esc(t.signing[p.signingStatus] ?? p.signingStatus)}</li>`).join('')}</ul>`,
    );
  }
  out.push(
    `<ul class="docs"><li><a href="${esc(v.documents.offer)}">${t.download}</a></li>${v.documents.signed ? `<li><a href="${esc(v.documents.signed)}">${t.signedPdf}</a></li>` : ''}${v.documents.auditLog ? `<li><a href="${esc(v.documents.auditLog)}">${t.auditLog}</a></li>` : ''}</ul>`,
  );

  if (v.actions.accept) {
    out.push(`<form method="post" action="${action('accept')}" id="accept-form"><h2>${t.acceptTitle}</h2>
<label class="check"><input type="checkbox" name="consent" value="true" required id="accept-consent"> <span>${t.acceptConsent}</span></label>
<button type="submit" class="primary">${t.acceptButton}</button></form>`);
  }
  if (v.actions.sign) {
    const name = [v.recipient.firstName, v.recipient.lastName].filter(Boolean).join(' ');
    out.push(`<form method="post" action="${action('sign')}" id="sign-form"><h2>${t.signTitle}</h2>
<label for="fullName">${t.fullName} *</label><input type="text" id="fullName" name="fullName" required minlength="2" maxlength="200" autocomplete="name" value="${esc(name)}"${bad.has('fullName') ? ' class="invalid" aria-invalid="true"' : ''}>
<label for="pad">${t.pad}</label><canvas id="pad" tabindex="0" role="img" aria-label="${t.pad}"></canvas>
<noscript><p class="notice error">${t.noscript}</p></noscript>
<p id="pad-message" class="muted" role="alert" data-text="${t.drawFirst}"></p>
<button type="button" id="pad-clear">${t.clear}</button><button type="button" id="pad-typed">${t.typed}</button>
<input type="hidden" name="signatureImage" id="signatureImage" value="">
<label class="check"><input type="checkbox" name="consent" value="true" required id="sign-consent"> <span>${t.signConsent}</span></label>
<button type="submit" class="primary">${t.signButton}</button></form>`);
  }
  if (v.actions.submitInvoiceDetails) {
    const d = v.offer.capturedInvoiceDetails ?? {};
    const f = (name: keyof Texts['f'], required: boolean, type = 'text', ac = '') => field(t, name, required, bad, d[name] ?? '', type, ac);
    out.push(`<form method="post" action="${action('invoice-details')}" enctype="multipart/form-data" id="details-form"><h2>${t.detailsTitle}</h2><div class="grid">
${f('companyName', true, 'text', 'organization')}${f('vatId', false)}${f('firstName', false, 'text', 'given-name')}${f('lastName', false, 'text', 'family-name')}
${f('street', true, 'text', 'address-line1')}${f('addressLine2', false, 'text', 'address-line2')}${f('zip', true, 'text', 'postal-code')}${f('city', true, 'text', 'address-level2')}
${f('country', true, 'text', 'country')}${f('email', true, 'email', 'email')}${f('phone', false, 'text', 'tel')}${f('poNumber', false)}${f('costCenter', false)}${f('leitwegId', false)}
</div><label for="purchaseOrder">${t.po}</label><input type="file" id="purchaseOrder" name="purchaseOrder" accept="application/pdf">
<div><button type="submit" class="primary">${t.detailsButton}</button></div></form>`);
  }
  return layout(lang, `${v.offer.name ?? v.offer.number} · ${t.offer}`, nonce, out.join('\n'), v.actions.sign);
}

function renderMessage(locale: string | null, kind: 'expired' | 'notFound', nonce: string): string {
  const [t, lang] = textsFor(locale);
  const [title, text] = kind === 'expired' ? [t.expired, t.expiredText] : [t.notFound, t.notFoundText];
  return layout(lang, title, nonce, `<h1 id="${kind}">${esc(title)}</h1><p>${esc(text)}</p>`);
}

type TokenRequest = FastifyRequest<{ Params: { token: string }; Querystring: Record<string, string | undefined> }>;

export function recipientPage(app: App, deps: Deps): void {
  async function show(request: TokenRequest, reply: FastifyReply) {
    const nonce = crypto.randomBytes(16).toString('base64');
    const token = request.params.token;
    try {
      const v = await readOffer(recipientContext(deps, request), { token });
      return headers(reply, nonce).send(renderOffer(v, token, nonce, request.query ?? {}));
    } catch (error) {
      const e = classifyError(error);
      if (e.status === 410)
        return headers(reply, nonce)
          .status(410)
          .send(renderMessage(await localeOf(deps, token), 'expired', nonce));
      if (e.status === 404)
        return headers(reply, nonce)
          .status(404)
          .send(renderMessage(null, 'notFound', nonce));
      throw error;
    }
  }

  /** Runs a use case for a form and redirects back: the outcome travels in the query string. */
  async function act(request: TokenRequest, reply: FastifyReply, run: () => Promise<unknown>) {
    const back = `/o/${encodeURIComponent(request.params.token)}`;
    try {
      await run();
      return reply.header('cache-control', 'no-store').redirect(`${back}?done=1`, 303);
    } catch (error) {
      const e = error instanceof AppError ? error : classifyError(error);
      if (e.status >= 500) throw error;
      const fields = e.violations
        .map((v) => v.propertyPath)
        .filter((p) => /^[A-Za-z]+$/.test(p))
        .join(',');
      return reply.header('cache-control', 'no-store').redirect(`${back}?error=${e.status}${fields ? `&fields=${fields}` : ''}`, 303);
    }
  }

  const form = (request: FastifyRequest) => {
    const r = request as TokenRequest;
    return { ctx: recipientContext(deps, r), token: r.params.token, body: (r.body ?? {}) as Fields };
  };

  // Plain HTML forms: urlencoded (accept, sign) and multipart (invoice details with the purchase order).
  registerUploadScope(app, PURCHASE_ORDER_UPLOAD, (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const hide = { schema: { hide: true } };
    const post = { ...hide, onRequest: requireSameOrigin(deps.config.publicUrl) };

    scope.get('/o/:token', hide, (request, reply) => show(request as TokenRequest, reply));
    scope.post('/o/:token/accept', post, (request, reply) =>
      act(request as TokenRequest, reply, () => {
        const { ctx, token, body } = form(request);
        return acceptOffer(ctx, acceptInput(token, body));
      }),
    );
    scope.post('/o/:token/sign', post, (request, reply) =>
      act(request as TokenRequest, reply, () => {
        const { ctx, token, body } = form(request);
        return signOffer(ctx, signInput(token, body));
      }),
    );
    scope.post('/o/:token/invoice-details', { ...post, bodyLimit: uploadBodyLimit(PURCHASE_ORDER_UPLOAD) }, (request, reply) =>
      act(request as TokenRequest, reply, async () => {
        const { ctx, token } = form(request);
        return submitInvoiceDetails(ctx, await invoiceDetailsInput(deps, token, request));
      }),
    );
  });
}
