// The hosted invoice page: one server-rendered HTML document with inline CSS and JS (a nonce under a
// strict CSP, nothing from third-party hosts). The script polls /invoice/{slug}/status and redirects
// to url_success / url_failed when the invoice is final.
import type { PageView } from './view.js';
import { escapeHtml } from '../../platform/html.js';

/** JSON for a <script type="application/json"> block: `<` escaped so the data cannot close the tag. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const STYLE = `
body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0;display:flex;justify-content:center}
main{background:#fff;margin:2rem 1rem;padding:1.5rem 2rem;border-radius:12px;max-width:28rem;width:100%;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin:0 0 .25rem}.muted{color:#667}.amount{font-size:1.6rem;font-weight:600;margin:.5rem 0}
.status{display:inline-block;padding:.15rem .6rem;border-radius:99px;background:#e8ecf3;font-size:.85rem}
.status.confirmed{background:#d9f5e3}.status.failed{background:#fbe0e0}
button{font:inherit;padding:.55rem 1rem;border-radius:8px;border:1px solid #99a;background:#fff;cursor:pointer;margin:.25rem .25rem 0 0}
button.primary{background:#1d4ed8;color:#fff;border-color:#1d4ed8}
code{word-break:break-all;background:#f0f1f4;padding:.2rem .35rem;border-radius:4px;display:inline-block}
.qr svg{width:12rem;height:12rem}.sandbox{border-top:1px dashed #bbc;margin-top:1.25rem;padding-top:.75rem}
[hidden]{display:none!important}`;

// Only a sandbox invoice's page carries the controls: a live invoice's has none, not even hidden
// ones, before the payer has picked a currency too.
const sandboxSection = `<section id="sandbox" class="sandbox">
  <p class="muted">Sandbox network: simulate the payer and the chain.</p>
  <button id="sandbox-pay" class="primary">Simulate full payment</button>
  <button id="sandbox-partial">Simulate partial payment</button>
  <button id="sandbox-confirm">Simulate confirmations</button>
</section>`;

const SCRIPT = `
(() => {
  const base = location.pathname.replace(/\\/$/, '');
  let view = JSON.parse(document.getElementById('view').textContent);
  const $ = (id) => document.getElementById(id);
  const post = async (path, body) => {
    const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) });
    if (!res.ok) { const e = await res.json().catch(() => ({})); $('message').textContent = e.detail || e.error || 'Something went wrong.'; }
    return refresh(true);
  };
  const fmt = (s) => s === null ? '' : Math.floor(s / 3600) > 0 ? Math.floor(s / 3600) + ' h ' + String(Math.floor(s % 3600 / 60)).padStart(2, '0') + ' min' : Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  let deadline = null;
  const waiting = (live) => live && live.confirmations ? 'Waiting for ' + live.confirmations.seen + ' of ' + live.confirmations.required + ' confirmations' : '';
  function render() {
    $('status').textContent = view.status; $('status').className = 'status ' + view.status;
    $('error').textContent = view.error || '';
    $('pick').hidden = view.currencies.length === 0 || view.status !== 'created';
    $('pay').hidden = !view.address;
    if (view.address) {
      $('send-amount').textContent = view.remaining + ' ' + view.sender_currency;
      $('address').textContent = view.address;
      $('paid').textContent = view.paid + ' ' + view.sender_currency;
    }
    if ($('sandbox')) {
      $('sandbox').hidden = !view.sandbox || view.redirect_url !== null;
      $('sandbox-confirm').hidden = !view.address || view.paid === '0.00000000';
    }
    if ($('confirmations')) $('confirmations').textContent = waiting(view.live);
    deadline = view.seconds_left === null ? null : Date.now() + view.seconds_left * 1000;
    tick();
    if (view.redirect_url) { $('redirect').hidden = false; setTimeout(() => { location.href = view.redirect_url; }, 1500); }
  }
  function tick() {
    $('countdown').textContent = deadline === null ? '' : 'Time left: ' + fmt(Math.max(0, Math.round((deadline - Date.now()) / 1000)));
  }
  async function refresh(force) {
    const res = await fetch(base + '/status', { cache: 'no-store' });
    if (!res.ok) return;
    const next = await res.json();
    const hadQr = !!view.address;
    view = next;
    if (!hadQr && view.address) { location.reload(); return; } // the QR code is rendered on the server
    render();
  }
  document.querySelectorAll('[data-currency]').forEach((b) => b.addEventListener('click', () => post('/currency', { currency: b.dataset.currency })));
  document.querySelectorAll('[data-copy]').forEach((b) => b.addEventListener('click', async () => {
    await navigator.clipboard.writeText(b.dataset.copy === 'amount' ? view.remaining : view.address);
    b.textContent = 'Copied';
  }));
  if ($('sandbox')) {
  $('sandbox-pay').addEventListener('click', () => post('/sandbox/payments', { currency: view.sender_currency || (view.currencies[0] && view.currencies[0].currency) }));
  $('sandbox-partial').addEventListener('click', () => post('/sandbox/payments', { partial: true, currency: view.sender_currency || (view.currencies[0] && view.currencies[0].currency) }));
  $('sandbox-confirm').addEventListener('click', () => post('/sandbox/confirmations'));
  }
  render();
  setInterval(tick, 1000);
  setInterval(() => { if (!view.redirect_url) refresh(); }, 3000);
})();`;

/** "Waiting for N of M confirmations" once a live payment is seen (the script's `waiting` says the same). */
function waiting(live: PageView['live']): string {
  const c = live?.confirmations;
  return c ? `Waiting for ${c.seen} of ${c.required} confirmations` : '';
}

/** A live network's payment block: the network and token in words, the exact amount and address to copy, the wallet link. */
function livePayment(view: PageView, e: (s: string) => string): string {
  const live = view.live!;
  return `<p id="network"><strong>${e(live.label)}</strong></p>
  <p>Send exactly <strong id="send-amount">${e(view.remaining ?? '')} ${e(view.sender_currency ?? '')}</strong> <button data-copy="amount">Copy amount</button></p>
  <p>to <code id="address">${e(view.address ?? '')}</code> <button data-copy="address">Copy address</button></p>
  ${live.payment_uri ? `<p><a id="wallet-link" href="${e(live.payment_uri)}">Open in wallet</a></p>` : ''}
  <p id="confirmations" class="muted" role="status">${e(waiting(live))}</p>`;
}

export function renderPage(view: PageView, qrSvg: string | null, nonce: string): string {
  const e = escapeHtml;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${e(view.title)} · Pay invoice</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main>
<h1>${e(view.title)}</h1>
${view.description ? `<p class="muted">${e(view.description)}</p>` : ''}
<div class="amount">${e(view.amount)} ${e(view.currency)}</div>
<p><span id="status" class="status ${e(view.status)}">${e(view.status)}</span> <span id="countdown" class="muted"></span></p>
<p id="error" class="muted" role="status"></p>
<section id="pick"${view.currencies.length ? '' : ' hidden'}>
  <p>Choose the currency to pay with:</p>
  ${view.currencies.map((c) => `<button data-currency="${e(c.currency)}">${e(c.currency)}${c.amount ? ` <span class="muted">≈ ${e(c.amount)}</span>` : ''}</button>`).join('')}
</section>
<section id="pay"${view.address ? '' : ' hidden'}>
  ${
    view.live
      ? livePayment(view, e)
      : `<p>Send <strong id="send-amount">${e(view.remaining ?? '')} ${e(view.sender_currency ?? '')}</strong> to</p>
  <p><code id="address">${e(view.address ?? '')}</code></p>`
  }
  ${qrSvg ? `<div class="qr" aria-label="QR code of the payment address">${qrSvg}</div>` : ''}
  <p class="muted">Received so far: <span id="paid">${e(view.paid)} ${e(view.sender_currency ?? '')}</span></p>
</section>
<p id="redirect" hidden>Returning you to the shop…</p>
<p id="message" class="muted" role="alert"></p>
${view.sandbox ? sandboxSection : ''}
</main>
<script type="application/json" id="view">${scriptJson(view)}</script>
<script nonce="${nonce}">${SCRIPT}</script>
</body></html>`;
}

export function renderNotFound(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Invoice not found</title></head><body><main><h1>Invoice not found</h1><p>Check the link you were given.</p></main></body></html>`;
}
