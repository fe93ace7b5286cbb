// The files /docs adds to Swagger UI (served from this server under /docs/static/theme/, so the page's
// CSP, script-src 'self', admits them): a form that signs Merchant API requests in the browser, and
// styles that make the reference readable on a phone and pass axe's contrast checks.

/**
 * Signs each "Try it out" request to /api/v2 as a merchant would: X-Processing-Signature is the
 * lowercase hex HMAC-SHA512 of the exact body, keyed with the merchant secret (docs/merchant.md),
 * computed with Web Crypto. The secret lives in this tab's memory only: never sent, stored or logged.
 */
export const SIGNING_JS = `(function () {
  'use strict';
  var section = document.createElement('section');
  section.id = 'offerpay-signing';
  section.setAttribute('aria-labelledby', 'offerpay-signing-title');
  section.innerHTML =
    '<h2 id="offerpay-signing-title">Send signed Merchant API requests</h2>' +
    '<p>Merchant API calls (<code>/api/v2/…</code>) carry <code>X-Processing-Key</code> and <code>X-Processing-Signature</code>, ' +
    'the HMAC-SHA512 of the exact request body keyed with the merchant secret. Type both here, then use <strong>Try it out</strong> ' +
    'on a Merchant API operation: this page signs each request in your browser. The secret stays in this tab; it is never sent or stored.</p>' +
    '<div class="offerpay-fields">' +
    '<label for="offerpay-key">Merchant key</label>' +
    '<input id="offerpay-key" name="merchant-key" autocomplete="off" spellcheck="false" placeholder="X-Processing-Key">' +
    '<label for="offerpay-secret">Merchant secret</label>' +
    '<input id="offerpay-secret" name="merchant-secret" type="password" autocomplete="off" spellcheck="false">' +
    '</div><p id="offerpay-status" role="status" aria-live="polite"></p>';
  var root = document.getElementById('swagger-ui');
  root.parentNode.insertBefore(section, root);
  var main = document.createElement('main');
  root.parentNode.insertBefore(main, section);
  main.appendChild(section);
  main.appendChild(root);
  var keyInput = document.getElementById('offerpay-key');
  var secretInput = document.getElementById('offerpay-secret');
  var status = document.getElementById('offerpay-status');

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return b.toString(16).padStart(2, '0'); }).join('');
  }

  // Swagger UI leaves some controls nameless and some code boxes unreachable by keyboard (axe): named here,
  // as it renders them.
  var NAMES = [
    ['.servers select', 'Server'],
    ['.opblock-section-request-body select', 'Request content type'],
    ['.response-control-media-type select', 'Response content type'],
    ['.examples-select select', 'Example'],
    ['select', 'Choose a value'],
    ['textarea.body-param__text', 'Request body'],
    ['textarea', 'Value'],
    ['.copy-to-clipboard button', 'Copy to clipboard'],
  ];
  var pending = false;
  function name() {
    pending = false;
    NAMES.forEach(function (pair) {
      document.querySelectorAll(pair[0]).forEach(function (el) {
        // A select's label may wrap it (its text is then the options'): the name is set whatever the label.
        if (el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && (el.textContent || '').trim())) return;
        el.setAttribute('aria-label', pair[1]);
      });
    });
    document.querySelectorAll('.swagger-ui pre:not([tabindex])').forEach(function (el) { el.setAttribute('tabindex', '0'); });
  }
  new MutationObserver(function () {
    if (!pending) { pending = true; window.requestAnimationFrame(name); }
  }).observe(root, { childList: true, subtree: true });

  window.offerpaySign = async function (request) {
    var url = new URL(request.url, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.indexOf('/api/v2/') !== 0) return request;
    var key = keyInput.value.trim();
    var secret = secretInput.value;
    if (!key || !secret) {
      status.textContent = 'Not signed: type the merchant key and secret above.';
      return request;
    }
    if (!window.crypto || !window.crypto.subtle) {
      status.textContent = 'Not signed: this browser offers Web Crypto only over https.';
      return request;
    }
    var body = typeof request.body === 'string' ? request.body : request.body == null ? '{}' : JSON.stringify(request.body);
    request.body = body;
    var encoder = new TextEncoder();
    var cryptoKey = await window.crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
    var signature = hex(await window.crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(body)));
    request.headers = request.headers || {};
    request.headers['X-Processing-Key'] = key;
    request.headers['X-Processing-Signature'] = signature;
    if (!request.headers['Content-Type'] && !request.headers['content-type']) request.headers['Content-Type'] = 'application/json';
    status.textContent = 'Signed ' + (request.method || 'POST') + ' ' + url.pathname + ' (signature ' + signature.slice(0, 12) + '…).';
    return request;
  };
})();
`;

/** Phone-width layout and contrast (axe: 4.5:1 for text) over Swagger UI's own styles. */
export const THEME_CSS = `
body { margin: 0; }
#offerpay-signing { box-sizing: border-box; max-width: 1460px; margin: 0 auto; padding: 16px 20px; font-family: sans-serif; color: #1f1f1f; }
#offerpay-signing h2 { font-size: 1.25rem; margin: 0 0 8px; }
#offerpay-signing p { line-height: 1.45; margin: 0 0 12px; overflow-wrap: anywhere; }
.offerpay-fields { display: grid; grid-template-columns: max-content minmax(0, 28rem); gap: 8px 12px; align-items: center; }
.offerpay-fields input { box-sizing: border-box; width: 100%; min-height: 44px; padding: 8px; font: inherit; border: 1px solid #555; border-radius: 4px; }
#offerpay-status { min-height: 1.5em; color: #1b5e20; }
@media (max-width: 600px) {
  .offerpay-fields { grid-template-columns: minmax(0, 1fr); }
  .swagger-ui .wrapper { padding: 0 8px; }
  .swagger-ui .opblock .opblock-summary { flex-wrap: wrap; }
  .swagger-ui .opblock .opblock-summary-path { max-width: 100%; word-break: break-all; }
  .swagger-ui .opblock-description-wrapper, .swagger-ui .opblock-section-header, .swagger-ui .responses-inner { padding: 8px; }
  .swagger-ui table { display: block; overflow-x: auto; }
}
.swagger-ui .info .title small pre, .swagger-ui .info .title small.version-stamp { background: #3d6b00; }
.swagger-ui .info .title small { background: #4a4a4a; }
.swagger-ui .info .base-url, .swagger-ui .info a, .swagger-ui a.nostyle { color: #1f1f1f; }
.swagger-ui .info a { color: #0b57a4; }
.swagger-ui .opblock .opblock-summary-method { color: #fff; text-shadow: none; }
.swagger-ui .opblock.opblock-get .opblock-summary-method { background: #0b57a4; }
.swagger-ui .opblock.opblock-post .opblock-summary-method { background: #1b6e3c; }
.swagger-ui .opblock.opblock-put .opblock-summary-method { background: #8a4b00; }
.swagger-ui .opblock.opblock-patch .opblock-summary-method { background: #1c6b5c; }
.swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #b3261e; }
.swagger-ui .opblock.opblock-head .opblock-summary-method, .swagger-ui .opblock.opblock-options .opblock-summary-method { background: #5a3b8c; }
.swagger-ui .opblock-summary-description, .swagger-ui .opblock .opblock-summary-path, .swagger-ui .opblock .opblock-summary-operation-id { color: #1f1f1f; }
.swagger-ui .btn.authorize, .swagger-ui .btn.authorize span { color: #1b6e3c; border-color: #1b6e3c; }
.swagger-ui .btn.authorize svg { fill: #1b6e3c; }
.swagger-ui .btn.execute { background: #0b57a4; border-color: #0b57a4; color: #fff; }
.swagger-ui .btn.try-out__btn { color: #1f1f1f; border-color: #555; }
.swagger-ui .btn.cancel { color: #b3261e; border-color: #b3261e; }
.swagger-ui .opblock-tag small, .swagger-ui .parameter__in, .swagger-ui .parameter__type, .swagger-ui .prop-format, .swagger-ui .renderedMarkdown p,
.swagger-ui .response-col_links, .swagger-ui .model-title, .swagger-ui .model .property.primitive, .swagger-ui .tab li, .swagger-ui .opblock-tag { color: #1f1f1f; }
.swagger-ui .parameter__name.required span, .swagger-ui .parameter__name.required::after { color: #b3261e; }
.swagger-ui .model-box-control, .swagger-ui .models-control { color: #1f1f1f; }
.swagger-ui .response-control-media-type__accept-message { color: #1b6e3c; }
.swagger-ui .markdown code, .swagger-ui .renderedMarkdown code { color: #6a1b9a; background: #f3f3f3; }
.swagger-ui .json-schema-2020-12-expand-deep-button, .swagger-ui .json-schema-2020-12__title, .swagger-ui .download-contents { color: #1f1f1f; }
.swagger-ui .download-contents { background: #e8e8e8; }
.swagger-ui .opblock-body pre.microlight, .swagger-ui .highlight-code > .microlight { background: #1f1f1f !important; color: #f5f5f5 !important; }
`;
