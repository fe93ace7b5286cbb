// A final invoice's page body: a receipt once confirmed, the reason in words once failed. Neither has
// an address, a QR code or a wallet link: a payer is never told where to pay once it is over.
import { escapeHtml as e } from '../../platform/html.js';
import { formatDateTime, type Lang } from '../../platform/locale-format.js';
import { cryptoAmount, currencyName, tokenSymbol } from './format.js';
import type { PageTexts } from './texts.js';
import type { PageView } from './view.js';

/** Seconds the receipt waits before returning the payer to the shop (they can stay instead). */
export const REDIRECT_SECONDS = 8;

const crypto = (amount: string | null, code: string | null) => `${cryptoAmount(amount, code)} ${tokenSymbol(code)}`;

export function receiptSection(view: PageView, t: PageTexts, lang: Lang, merchant: string, fiat: string): string {
  const r = view.receipt!;
  const transactions = r.transactions.map((x) => `<li><code>${e(x.txid)}</code></li>`).join('');
  return `<section id="receipt" aria-labelledby="receipt-title">
  <h2 id="receipt-title">${e(t.receiptTitle)}</h2>
  <dl class="facts">
    <dt>${e(t.paidTo)}</dt><dd>${e(merchant)}</dd>
    <dt>${e(t.invoiceAmount)}</dt><dd>${e(fiat)}</dd>
    <dt>${e(t.amountPaid)}</dt><dd id="receipt-paid">${e(crypto(r.paid, r.currency))}</dd>
    ${r.currency ? `<dt>${e(t.currency)}</dt><dd>${e(currencyName(r.currency, lang))}</dd>` : ''}
    <dt>${e(t.paidAt)}</dt><dd>${e(formatDateTime(new Date(r.confirmed_at), lang))}</dd>
    ${transactions ? `<dt>${e(t.transactions)}</dt><dd><ul class="txids">${transactions}</ul></dd>` : ''}
  </dl>
  ${backLink(view, t)}
  <p id="redirect" data-seconds="${REDIRECT_SECONDS}" hidden></p>
  <button type="button" id="stay" hidden>${e(t.client.stay)}</button>
</section>`;
}

export function failureSection(view: PageView, t: PageTexts): string {
  const short = view.reason === 'paid_less' && view.sender_currency;
  return `<section id="failed" aria-labelledby="failed-title">
  <h2 id="failed-title">${e(t.failedTitle)}</h2>
  <p id="reason">${e(t.reasons[view.reason ?? 'other'])}</p>
  ${short ? `<p>${e(t.receivedSoFar)}: <strong id="paid">${e(crypto(view.paid, view.sender_currency))}</strong> / ${e(crypto(view.sender_amount, view.sender_currency))}</p>` : ''}
  <p>${e(t.doNotPay)}</p>
  ${backLink(view, t)}
</section>`;
}

const backLink = (view: PageView, t: PageTexts) =>
  view.redirect_url ? `<p><a id="back" class="button primary" href="${e(view.redirect_url)}">${e(t.backToShop)}</a></p>` : '';
