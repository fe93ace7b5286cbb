// The hosted invoice page's inline script (under the response's CSP nonce). The server renders every
// state; the script only keeps the page current: it polls /status and reloads when the invoice moved
// (so a payment, a confirmation or a final state shows as the server renders it), counts down the
// time left and, on a receipt, the return to the shop (cancellable), and runs the copy buttons.
// The sandbox part, with the sandbox routes, is added only to a sandbox invoice's open page.

const MAIN = `
  const $ = (id) => document.getElementById(id);
  const base = location.pathname.replace(/\\/$/, '');
  const view = JSON.parse($('view').textContent);
  const t = JSON.parse($('texts').textContent);
  const final = view.status === 'confirmed' || view.status === 'failed';
  const fingerprint = (v) => JSON.stringify([v.status, v.address, v.paid, v.live && v.live.confirmations]);
  const shown = fingerprint(view);
  const post = async (path, body) => {
    try {
      const res = await fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) });
      if (res.ok) { location.reload(); return; }
      const e = await res.json().catch(() => ({}));
      $('message').textContent = e.detail || e.error || t.failed;
    } catch { $('message').textContent = t.failed; }
  };
  document.querySelectorAll('[data-currency]').forEach((b) => b.addEventListener('click', () => post('/currency', { currency: b.dataset.currency })));

  const copyText = async (text) => {
    try { await navigator.clipboard.writeText(text); return; } catch {}
    const area = document.createElement('textarea');
    area.value = text; area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.opacity = '0';
    document.body.appendChild(area); area.select(); document.execCommand('copy'); area.remove();
  };
  document.querySelectorAll('[data-copy]').forEach((b) => b.addEventListener('click', async () => {
    await copyText(b.dataset.copy);
    const note = b.nextElementSibling;
    if (!note) return;
    note.textContent = t.copied;
    clearTimeout(note.timer);
    note.timer = setTimeout(() => { note.textContent = ''; }, 5000);
  }));

  const clock = (s) => Math.floor(s / 3600) > 0
    ? Math.floor(s / 3600) + ' h ' + String(Math.floor(s % 3600 / 60)).padStart(2, '0') + ' min'
    : Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  const deadline = view.seconds_left === null ? null : Date.now() + view.seconds_left * 1000;
  const tick = () => { if (deadline !== null && $('countdown')) $('countdown').textContent = t.timeLeft + ' ' + clock(Math.max(0, Math.round((deadline - Date.now()) / 1000))); };
  tick();
  setInterval(tick, 1000);

  if (!final) setInterval(async () => {
    const res = await fetch(base + '/status', { cache: 'no-store' }).catch(() => null);
    if (!res || !res.ok) return;
    if (fingerprint(await res.json()) !== shown) location.reload();
  }, 3000);

  const redirect = $('redirect');
  if (redirect) {
    let left = Number(redirect.dataset.seconds);
    const say = () => { redirect.textContent = t.redirecting.replace('{s}', String(left)); };
    say(); redirect.hidden = false; $('stay').hidden = false;
    const timer = setInterval(() => {
      left -= 1;
      if (left <= 0) { clearInterval(timer); location.href = $('back').href; return; }
      say();
    }, 1000);
    $('stay').addEventListener('click', () => {
      clearInterval(timer);
      redirect.textContent = t.stayed;
      $('stay').hidden = true;
      $('back').focus();
    });
  }
`;

const SANDBOX = `
  const pick = () => view.sender_currency || (view.currencies[0] && view.currencies[0].currency);
  $('sandbox-pay').addEventListener('click', () => post('/sandbox/payments', { currency: pick() }));
  $('sandbox-partial').addEventListener('click', () => post('/sandbox/payments', { partial: true, currency: pick() }));
  if ($('sandbox-confirm')) $('sandbox-confirm').addEventListener('click', () => post('/sandbox/confirmations'));
`;

export const pageScript = (sandboxControls: boolean): string => `(() => {${MAIN}${sandboxControls ? SANDBOX : ''}})();`;
