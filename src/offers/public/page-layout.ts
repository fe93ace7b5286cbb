// The recipient page's frame: one stylesheet and one script, both inline under the response's nonce
// (CSP: nothing from another host, no inline style attributes), and the HTML skeleton around a body.
import type { FastifyReply } from 'fastify';
import { escapeHtml } from '../../platform/html.js';
import { pageSecurityHeaders } from '../../platform/page-security.js';

export const esc = (s: unknown) => escapeHtml(String(s ?? ''));

// Below 600 px the line-item table turns into one card per line (each cell labelled by data-label);
// buttons, the consent boxes' labels and the decline summary are at least 44 px tall (touch targets).
const STYLE = `
*{box-sizing:border-box}body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f4f5f7;color:#1d2330;margin:0;line-height:1.5}
main{background:#fff;margin:1rem auto;padding:1.25rem;max-width:48rem;border-radius:12px;box-shadow:0 1px 4px #0002;overflow-wrap:anywhere}
h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}.muted{color:#4a5160}
header.seller{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem 1rem;border-bottom:1px solid #dde;padding-bottom:.75rem;margin-bottom:1rem;font-size:.9rem}
header.seller .name{font-size:1.05rem;font-weight:700;margin:0}header.seller p{margin:0}header.seller .logo{display:block;height:48px;width:auto;max-width:100%;margin:0 0 .35rem}
.badge{display:inline-block;padding:.1rem .6rem;border-radius:99px;background:#e8ecf3;font-size:.85rem}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #dde;vertical-align:top}
td.n,th.n{text-align:right;white-space:nowrap}
table.totals{max-width:28rem;margin:.5rem 0 1rem auto}table.totals caption{text-align:left;font-weight:700;padding:.4rem}
table.totals tr.gross th,table.totals tr.gross td{font-weight:700;border-top:2px solid #1d2330}
ol.steps{display:flex;flex-wrap:wrap;gap:.4rem;list-style:none;padding:0;margin:1rem 0}
ol.steps li{padding:.3rem .7rem;border-radius:99px;background:#e8ecf3;font-size:.9rem}
ol.steps li.complete{background:#d9f5e3}ol.steps li[aria-current=step]{background:#1d4ed8;color:#fff;font-weight:700}
form,details.decline{border:1px solid #dde;border-radius:10px;padding:1rem;margin:1rem 0}
details.decline form{border:0;padding:0;margin:.5rem 0 0}
summary{cursor:pointer;font-weight:600;min-height:44px;display:flex;align-items:center}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}
label.check{display:flex;gap:.75rem;font-weight:400;align-items:center;min-height:44px;cursor:pointer}
label.check input{width:1.5rem;height:1.5rem;flex:none;margin:0}
input[type=text],input[type=email],textarea{font:inherit;width:100%;padding:.5rem;border:1px solid #767c8a;border-radius:6px;min-height:44px}
input[type=file]{max-width:100%}
input:focus,button:focus,canvas:focus,a:focus,summary:focus,textarea:focus{outline:3px solid #1d4ed8;outline-offset:2px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:0 1rem}
button{font:inherit;padding:.6rem 1.1rem;min-height:44px;min-width:44px;border-radius:8px;border:1px solid #767c8a;background:#fff;color:#1d2330;cursor:pointer;margin:.5rem .5rem 0 0}
button.primary{background:#1d4ed8;color:#fff;border-color:#1d4ed8}button.danger{background:#fff;color:#a11a1a;border-color:#a11a1a}
canvas{display:block;width:100%;max-width:36rem;height:10rem;border:1px dashed #556;border-radius:8px;background:#fff;touch-action:none}
.notice{padding:.75rem 1rem;border-radius:8px;background:#d9f5e3;margin:1rem 0}.notice p{margin:.25rem 0}.error{background:#fbe0e0}.warn{background:#fff3cd}
.invalid{border-color:#b91c1c!important;border-width:2px!important}.field-error{color:#a11a1a;margin:.2rem 0 0;font-size:.9rem}
ul.docs{padding-left:1.2rem}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
ul.docs li{margin:.4rem 0}
@media (max-width:599.98px){
main{margin:0;border-radius:0;padding:1rem}
table.items thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
table.items,table.items tbody,table.items tr,table.items td{display:block;width:100%}
table.items tr{border:1px solid #dde;border-radius:8px;margin:.6rem 0;padding:.25rem .6rem}
table.items td{border:0;display:flex;justify-content:space-between;gap:1rem;text-align:right;padding:.25rem 0;white-space:normal}
table.items td::before{content:attr(data-label);font-weight:600;text-align:left;color:#4a5160}
table.items td.name{display:block;text-align:left;font-weight:600}table.items td.name::before{content:none}
table.totals{max-width:none}}`;

// The signature pad (only where the sign form is), and focus on the first invalid field after a
// failed submit (autofocus does it without JavaScript; this covers a page restored from history).
const SCRIPT = `
(() => {
  const bad = document.querySelector('[aria-invalid="true"]'); if (bad && document.activeElement !== bad) bad.focus();
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

export const htmlHeaders = (reply: FastifyReply, nonce: string): FastifyReply =>
  pageSecurityHeaders(reply, nonce).type('text/html; charset=utf-8');

export function layout(lang: string, title: string, nonce: string, body: string, script = false): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><meta name="robots" content="noindex"><title>${esc(title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body><main>${body}</main>${script ? `<script nonce="${nonce}">${SCRIPT}</script>` : ''}</body></html>`;
}
