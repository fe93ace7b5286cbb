// The hosted invoice page: one server-rendered HTML document with inline CSS and JS (a nonce under a
// strict CSP, nothing from third-party hosts), in the payer's language. The merchant heads it; an open
// invoice shows how to pay, a final one a receipt or the reason (final-html.ts); a sandbox invoice is
// marked as a test and carries the sandbox controls, a live one has neither.
import { escapeHtml as e } from '../../platform/html.js';
import type { Lang } from '../../platform/locale-format.js';
import { failureSection, receiptSection } from './final-html.js';
import { cryptoAmount, currencyName, fiatText, tokenSymbol } from './format.js';
import { parseUnits } from '../money.js';
import { pageScript } from './script.js';
import { PAGE_TEXTS, type PageTexts } from './texts.js';
import type { PageView } from './view.js';

export interface PageModel {
  view: PageView;
  lang: Lang;
  /** The merchant's display name (organisation profile). */
  merchant: string;
  /** Path of the merchant's logo (organisations/logo.ts), or null without one. */
  logo?: string | null;
  /** The wallet URI (BIP-21 / EIP-681) of the payment, also the QR code's content; null without one. */
  paymentUri: string | null;
  qrSvg: string | null;
  nonce: string;
}

/** JSON for a <script type="application/json"> block: `<` escaped so the data cannot close the tag. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const STYLE = `
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0;display:flex;justify-content:center;line-height:1.45}
main{background:#fff;margin:1.5rem .75rem;padding:1.25rem 1.25rem 1.5rem;border-radius:12px;max-width:30rem;width:100%;box-shadow:0 1px 4px #0002;min-width:0}
@media (min-width:600px){main{margin:2rem 1rem;padding:1.5rem 2rem}}
.logo{display:block;max-width:100%;height:40px;width:auto;margin:0 0 .5rem}.merchant{font-weight:600;margin:0 0 1rem;color:#374151;overflow-wrap:anywhere}
h1{font-size:1.3rem;margin:0 0 .25rem;overflow-wrap:anywhere}h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
.muted{color:#4b5563}.amount{font-size:1.6rem;font-weight:600;margin:.5rem 0}
.status{display:inline-block;padding:.15rem .6rem;border-radius:99px;background:#e8ecf3;font-size:.9rem}
.status.confirmed{background:#d9f5e3}.status.failed{background:#fbe0e0}
button,.button{font:inherit;min-height:44px;padding:.55rem 1rem;border-radius:8px;border:1px solid #6b7280;background:#fff;color:#1d2330;cursor:pointer;margin:.25rem .25rem 0 0;display:inline-block;text-decoration:none}
.primary{background:#1d4ed8;color:#fff;border-color:#1d4ed8}
button:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
code{word-break:break-all;background:#f0f1f4;padding:.2rem .35rem;border-radius:4px;display:inline-block;max-width:100%}
.big{font-size:1.25rem}.copy-row{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem .5rem;margin:.25rem 0 .75rem}
.copy-row button{margin:0}.copied{color:#166534;font-weight:600;min-width:4rem}
.qr{width:12rem;max-width:100%;margin:.5rem 0}.qr svg{width:100%;height:auto;display:block}
.test-banner{background:#fef3c7;border:2px solid #b45309;color:#78350f;border-radius:8px;padding:.6rem .8rem;margin:0 0 1rem;font-weight:700}
.sandbox{border-top:1px dashed #9ca3af;margin-top:1.25rem;padding-top:.75rem}
.facts{display:grid;grid-template-columns:minmax(0,auto) minmax(0,1fr);gap:.35rem 1rem;margin:.5rem 0 1rem}
.facts dt{color:#4b5563}.facts dd{margin:0;overflow-wrap:anywhere}.txids{list-style:none;margin:0;padding:0}
@media (max-width:420px){.facts{grid-template-columns:minmax(0,1fr)}.facts dd{margin-bottom:.35rem}}
[hidden]{display:none!important}`;

/** The currency choice of a created invoice: each with its network in words and the indicative amount. */
function pickSection(view: PageView, t: PageTexts, lang: Lang): string {
  if (view.currencies.length === 0) return '';
  const button = (c: PageView['currencies'][number]) =>
    `<button type="button" data-currency="${e(c.currency)}">${e(currencyName(c.currency, lang))}${
      c.amount ? ` <span class="muted">(${e(t.approx)} ${e(cryptoAmount(c.amount, c.currency))} ${e(tokenSymbol(c.currency))})</span>` : ''
    }</button>`;
  return `<section id="pick" aria-labelledby="pick-title">
  <h2 id="pick-title">${e(t.choose)}</h2>
  ${view.currencies.map(button).join('\n  ')}
</section>`;
}

/** How to pay a picked currency: network in words, exact amount and address with copy buttons, QR, wallet link. */
function paySection(m: PageModel, t: PageTexts): string {
  const { view, lang } = m;
  if (!view.address || !view.sender_currency) return '';
  const amount = cryptoAmount(view.remaining, view.sender_currency);
  const symbol = tokenSymbol(view.sender_currency);
  const name = view.live?.label ?? currencyName(view.sender_currency, lang);
  const confirmations = view.live?.confirmations;
  const copy = (value: string, label: string) =>
    `<button type="button" data-copy="${e(value)}">${e(label)}</button><span class="copied" aria-live="polite"></span>`;
  const status = confirmations ? `<p id="confirmations" role="status">${e(t.waiting(confirmations.seen, confirmations.required))}</p>` : '';
  const received = `<p class="muted">${e(t.received)}: <span id="paid">${e(cryptoAmount(view.paid, view.sender_currency))} ${e(symbol)}</span></p>`;
  // The full sum is seen: nothing more to send, so no address to send it to.
  if (view.status === 'processing')
    return `<section id="pay" aria-labelledby="network">\n  <h2 id="network">${e(name)}</h2>\n  ${status}\n  ${received}\n</section>`;
  return `<section id="pay" aria-labelledby="network">
  <h2 id="network">${e(t.payWith)} ${e(name)}</h2>
  <p>${e(t.sendExactly)}</p>
  <p class="copy-row"><strong id="send-amount" class="big">${e(amount)} ${e(symbol)}</strong> ${copy(amount, t.copyAmount)}</p>
  <p>${e(t.to)}</p>
  <p class="copy-row"><code id="address">${e(view.address)}</code> ${copy(view.address, t.copyAddress)}</p>
  ${m.qrSvg ? `<div class="qr" role="img" aria-label="${e(t.qr(`${amount} ${symbol}`))}">${m.qrSvg}</div>` : ''}
  ${m.paymentUri ? `<p><a id="wallet-link" class="button" href="${e(m.paymentUri)}">${e(t.openWallet)}</a></p>` : ''}
  ${status}
  ${received}
</section>`;
}

// Only a sandbox invoice's open page carries the controls: a live invoice's has none, not even hidden ones.
function sandboxSection(view: PageView, t: PageTexts): string {
  const paid = view.paid !== '0.00000000';
  return `<section id="sandbox" class="sandbox" aria-label="${e(t.testBanner)}">
  <p class="muted">${e(t.testHelp)}</p>
  <button type="button" id="sandbox-pay" class="primary">${e(t.simulatePay)}</button>
  <button type="button" id="sandbox-partial">${e(t.simulatePartial)}</button>
  ${view.address && paid ? `<button type="button" id="sandbox-confirm">${e(t.simulateConfirm)}</button>` : ''}
</section>`;
}

/** The status in words; a created invoice whose currency the merchant fixed already waits for the payment. */
const statusWord = (view: PageView, t: PageTexts) =>
  (view.status === 'created' && view.address ? t.statuses.pending : t.statuses[view.status]) ?? view.status;

export function renderPage(m: PageModel): string {
  const { view, lang, nonce } = m;
  const t = PAGE_TEXTS[lang];
  const fiat = fiatText(parseUnits(view.amount) ?? 0n, view.currency, lang);
  const final = view.status === 'confirmed' || view.status === 'failed';
  const controls = view.sandbox && !final;
  const body = view.receipt
    ? receiptSection(view, t, lang, m.merchant, fiat)
    : final
      ? failureSection(view, t)
      : `${pickSection(view, t, lang)}\n${paySection(m, t)}`;
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${e(view.title)} · ${e(t.pageTitle)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main>
${view.sandbox ? `<p class="test-banner" id="test-mode">${e(t.testBanner)}</p>` : ''}
${m.logo ? `<img class="logo" src="${e(m.logo)}" alt="" height="40">` : ''}<p class="merchant" id="merchant">${e(m.merchant)}</p>
<h1>${e(view.title)}</h1>
${view.description ? `<p class="muted">${e(view.description)}</p>` : ''}
<p class="amount" id="amount">${e(fiat)}</p>
<p><span id="status" class="status ${e(view.status)}">${e(statusWord(view, t))}</span> <span id="countdown" class="muted"></span></p>
${body}
<p id="message" class="muted" role="alert"></p>
${controls ? sandboxSection(view, t) : ''}
</main>
<script type="application/json" id="view">${scriptJson(view)}</script>
<script type="application/json" id="texts">${scriptJson(t.client)}</script>
<script nonce="${nonce}">${pageScript(controls)}</script>
</body></html>`;
}
