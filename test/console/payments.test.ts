// The payments screens through HTTP, on both engines: the invoice list with its filters and pages,
// one invoice with its transactions, history and callbacks, a failed callback sent again through the
// delivery worker to a real local receiver, the callback URL setting (and a bad URL refused with
// nothing changed), CSRF, and another organisation's invoice answering 404.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { HDKey } from '@scure/bip32';
import { sign } from '../../src/invoices/signature.js';
import type { CreatedOrganisation } from '../../src/organisations/service.js';
import { MERCHANT_RETRY_MINUTES } from '../../src/webhooks/schedule.js';
import { runOnce } from '../../src/webhooks/worker.js';
import { describeEachEngine, ManualClock } from '../helpers/app.js';
import { merchantClient, type MerchantClient } from '../helpers/merchant.js';
import { setCallbackUrl, startReceiver, type Receiver } from '../webhooks/helpers.js';
import { drain } from '../webhooks/helpers.js';
import { cancelInvoice, createInvoice, payInvoice } from './payments-support.js';
import { addUser, csrfOf, post, signIn, uniqueEmail } from './support.js';

const clock = new ManualClock();
/** An account-level xpub (m/44'/60'/0') of a fixed test seed, as a wallet exports it. */
const XPUB = HDKey.fromMasterSeed(Buffer.alloc(32, 7)).derive("m/44'/60'/0'").publicExtendedKey;
const MINUTE = 60_000;

describeEachEngine(
  'console payments',
  (ctx) => {
    let receiver: Receiver;
    let org: CreatedOrganisation;
    let client: MerchantClient;
    let email: string;
    let cookie: string;
    let csrf: string;
    const ids = { paid: 0, open: 0, cancelled: 0 };
    let otherInvoiceId: number;

    const get = (url: string) => ctx().app.inject({ method: 'GET', url, headers: { cookie } });
    const signInAgain = async () => {
      cookie = (await signIn(ctx().app, email)).cookie;
      csrf = await csrfOf(ctx().app, cookie, '/app/payments');
    };
    const callbackUrl = async () =>
      (
        await ctx().db.query<{ callback_url: string | null }>('SELECT callback_url FROM merchant_settings WHERE organisation_id = $1', [
          org.organisation.id,
        ])
      ).rows[0]?.callback_url ?? null;
    const deliveriesOf = async (invoiceId: number) =>
      (
        await ctx().db.query<{ id: string; status: string; attempts_total: number }>(
          'SELECT id, status, attempts_total FROM webhook_deliveries WHERE organisation_id = $1 AND ordering_key = $2 ORDER BY seq',
          [org.organisation.id, `invoice:${invoiceId}`],
        )
      ).rows;

    before(async () => {
      receiver = await startReceiver();
      org = await ctx().newOrganisation('Payments GmbH');
      client = merchantClient(ctx().app, org.merchant);
      await setCallbackUrl(ctx(), org.organisation.id, `${receiver.url}/cb`);
      email = uniqueEmail('payments-admin');
      await addUser(ctx(), org.organisation.id, { email, role: 'admin' });
      await signInAgain();

      ids.paid = await createInvoice(client, 'pay-paid', { amount: '100' });
      await payInvoice(client, 'pay-paid');
      ids.open = await createInvoice(client, 'pay-open', { title: 'Order <b>open</b>' });
      ids.cancelled = await createInvoice(client, 'pay-cancelled');
      await cancelInvoice(client, 'pay-cancelled');
      await drain(ctx().deps);

      const other = await ctx().newOrganisation('Other Payments AG');
      otherInvoiceId = await createInvoice(merchantClient(ctx().app, other.merchant), 'other-secret-order');
    });
    after(async () => {
      await receiver.close();
    });

    it('lists the organisation’s invoices with amount, currency, foreign id, status badge; filters and pages in the URL', async () => {
      const all = await get('/app/payments');
      assert.equal(all.statusCode, 200, all.body);
      for (const foreignId of ['pay-paid', 'pay-open', 'pay-cancelled']) assert.ok(all.body.includes(foreignId), foreignId);
      assert.ok(!all.body.includes('other-secret-order'), 'never another organisation’s invoice');
      assert.match(all.body, /<span class="badge badge-confirmed">Confirmed<\/span>/);
      assert.match(all.body, /<span class="badge badge-failed">Failed<\/span>/);
      assert.match(all.body, /100\.00 EUR/);
      assert.match(all.body, /Order &lt;b&gt;open&lt;\/b&gt;/, 'titles are escaped');
      assert.match(all.body, new RegExp(`href="/app/payments/invoices/${ids.paid}"`));

      const confirmed = await get('/app/payments?status=confirmed');
      assert.equal(confirmed.statusCode, 200);
      assert.ok(confirmed.body.includes('pay-paid'));
      assert.ok(!confirmed.body.includes('pay-open') && !confirmed.body.includes('pay-cancelled'));
      assert.match(confirmed.body, /<option value="confirmed" selected>/);

      const second = await get('/app/payments?per_page=1&page=2');
      assert.equal(second.statusCode, 200);
      assert.match(second.body, /Page 2 of 3 · 3 invoices/);
      assert.ok(second.body.includes('pay-open') && !second.body.includes('pay-paid') && !second.body.includes('pay-cancelled'));
      assert.match(second.body, /rel="prev" href="\/app\/payments\?per_page=1"/);
      assert.match(second.body, /rel="next" href="\/app\/payments\?per_page=1&amp;page=3"/);

      for (const bad of ['status=paid', 'page=0', 'page=x', 'per_page=101', 'per_page=-1']) {
        const refused = await get(`/app/payments?${bad}`);
        assert.equal(refused.statusCode, 400, bad);
        assert.match(refused.body, /class="error" role="alert">The filter is invalid:/, bad);
      }
      const german = await ctx().app.inject({ method: 'GET', url: '/app/payments', headers: { cookie, 'accept-language': 'de' } });
      assert.equal(german.statusCode, 200);
    });

    it('shows one invoice: status, history, transactions (hash, amount, confirmations, network) and its callbacks with attempts', async () => {
      const page = await get(`/app/payments/invoices/${ids.paid}`);
      assert.equal(page.statusCode, 200, page.body);
      const { rows } = await ctx().db.query<{ txid: string }>('SELECT txid FROM invoice_transactions WHERE invoice_id = $1', [ids.paid]);
      assert.equal(rows.length, 1);
      assert.ok(page.body.includes(rows[0]!.txid), 'the transaction hash');
      assert.match(page.body, /<td class="num">12<\/td><td>sandbox<\/td>/, 'confirmations and network');
      const history = /<ol class="timeline">(.*?)<\/ol>/s.exec(page.body)![1]!;
      assert.deepEqual(
        [...history.matchAll(/badge-(\w+)/g)].map((m) => m[1]),
        ['created', 'pending', 'processing', 'confirmed'],
      );
      assert.equal((page.body.match(/<article class="callback"/g) ?? []).length, 3, 'one callback per status passed');
      assert.match(page.body, /Callback 3 · Confirmed/);
      assert.match(page.body, /HTTP 200/);
      assert.equal((page.body.match(/>Send again</g) ?? []).length, 3);
      assert.ok(!page.body.includes('hx-trigger="every 2s"'), 'nothing to wait for: no polling');
    });

    it('sends a failed callback again: a new attempt, recorded, reaches the receiver; the page shows it', async () => {
      const [delivery] = await deliveriesOf(ids.cancelled);
      assert.ok(delivery);
      assert.equal(delivery.status, 'delivered');
      // The receiver now fails: a new failed callback, retried on the merchant schedule until given up.
      receiver.respond = () => ({ status: 500, body: `<script>alert(1)</script>${'x'.repeat(2000)}` });
      const failing = await createInvoice(client, 'pay-failing');
      await cancelInvoice(client, 'pay-failing');
      await drain(ctx().deps);
      for (const minutes of MERCHANT_RETRY_MINUTES) {
        clock.advance(minutes * MINUTE);
        await runOnce(ctx().deps);
      }
      const [failed] = await deliveriesOf(failing);
      assert.deepEqual([failed!.status, failed!.attempts_total], ['failed', 13]);
      await signInAgain(); // a day passed: the session ended

      const before = await get(`/app/payments/invoices/${failing}`);
      assert.equal(before.statusCode, 200);
      assert.match(before.body, /HTTP 500/);
      assert.match(before.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;x+…/, 'the excerpt is escaped and cut');
      assert.ok(!before.body.includes('<script>alert(1)'));
      assert.ok(!before.body.includes('x'.repeat(300)), 'at most 300 characters of the response');

      // Without the CSRF token: refused, nothing queued.
      const url = `/app/payments/invoices/${failing}/callbacks/${failed!.id}/resend`;
      assert.equal((await post(ctx().app, url, {}, cookie)).statusCode, 403);
      assert.equal((await deliveriesOf(failing))[0]!.status, 'failed');

      receiver.respond = () => ({ status: 200, body: 'ok' });
      const seen = receiver.requests.length;
      const resent = await post(ctx().app, url, { _csrf: csrf }, cookie);
      assert.equal(resent.statusCode, 303, resent.body);
      assert.equal(resent.headers.location, `/app/payments/invoices/${failing}?done=resent#callbacks`);
      const queued = await get(`/app/payments/invoices/${failing}?done=resent`);
      assert.match(queued.body, /The callback is queued again/);
      assert.match(queued.body, /Waiting/);
      assert.ok(queued.body.includes('hx-trigger="every 2s"'), 'the section asks again until the attempt happened');

      await runOnce(ctx().deps);
      assert.equal(receiver.requests.length, seen + 1, 'exactly one new request');
      const got = receiver.requests.at(-1)!;
      assert.equal(JSON.parse(got.body).foreign_id, 'pay-failing');
      assert.equal(got.headers['x-processing-signature'], sign(org.merchant.secret, got.body));
      const after = await get(`/app/payments/invoices/${failing}`);
      assert.match(after.body, /<tr><td>14<\/td>/, 'the new attempt, after the 13 before');
      assert.match(after.body, /Delivered/);
      const attempts = await ctx().db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM webhook_delivery_attempts WHERE delivery_id = $1',
        [failed!.id],
      );
      assert.equal(attempts.rows[0]!.n, 14);
      assert.equal((await deliveriesOf(failing)).length, 1, 'the same delivery, not a second one');
      await runOnce(ctx().deps);
      assert.equal(receiver.requests.length, seen + 1, 'sent once');
    });

    it('refuses sending a callback that is being sent right now (409), and callbacks of another invoice (404)', async () => {
      const [delivery] = await deliveriesOf(ids.cancelled);
      await ctx().db.query("UPDATE webhook_deliveries SET status = 'delivering' WHERE id = $1", [delivery!.id]);
      try {
        const busy = await post(
          ctx().app,
          `/app/payments/invoices/${ids.cancelled}/callbacks/${delivery!.id}/resend`,
          { _csrf: csrf },
          cookie,
        );
        assert.equal(busy.statusCode, 409);
        assert.match(busy.body, /That did not work: The delivery is delivering/);
        assert.equal((await deliveriesOf(ids.cancelled))[0]!.status, 'delivering');
      } finally {
        await ctx().db.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE id = $1", [delivery!.id]);
      }
      const elsewhere = await post(
        ctx().app,
        `/app/payments/invoices/${ids.paid}/callbacks/${delivery!.id}/resend`,
        { _csrf: csrf },
        cookie,
      );
      assert.equal(elsewhere.statusCode, 404);
      const notUuid = await post(ctx().app, `/app/payments/invoices/${ids.paid}/callbacks/nope/resend`, { _csrf: csrf }, cookie);
      assert.equal(notUuid.statusCode, 404);
    });

    it('answers 404 for another organisation’s invoice and for ids that are not invoice ids', async () => {
      for (const id of [String(otherInvoiceId), 'abc', '0', '99999999999999999999', '1e3']) {
        const response = await get(`/app/payments/invoices/${id}`);
        assert.equal(response.statusCode, 404, id);
        assert.ok(!response.body.includes('other-secret-order'));
      }
      const { rows } = await ctx().db.query<{ id: string }>('SELECT id FROM webhook_deliveries LIMIT 1');
      const forged = await post(
        ctx().app,
        `/app/payments/invoices/${otherInvoiceId}/callbacks/${rows[0]!.id}/resend`,
        { _csrf: csrf },
        cookie,
      );
      assert.equal(forged.statusCode, 404);
    });

    it('shows balances per currency as accounts/list reports them', async () => {
      const api = await client.post('/accounts/list', {});
      const eur = (JSON.parse(api.body).data as { currency: string; balance: string }[]).find((a) => a.currency === 'EUR')!;
      assert.notEqual(eur.balance, '0.00000000', 'the paid invoice booked EUR (converted at the fixed rate)');
      const page = await get('/app/payments/balances');
      assert.equal(page.statusCode, 200);
      const shown = eur.balance.slice(0, eur.balance.indexOf('.') + 3);
      assert.ok(page.body.includes(`<td>EUR</td><td>fiat</td><td class="num">${shown} EUR</td>`), page.body);
      assert.ok(page.body.includes('<td>BTC</td><td>crypto</td><td class="num">0 BTC</td>'), 'every currency, as the API lists them');
    });

    it('changes the callback URL with the API’s rules; a bad URL is refused and changes nothing; CSRF required', async () => {
      const page = await get('/app/payments/settings');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Sandbox \(test payments\)/);
      assert.match(page.body, /href="\/app\/organisation\/tokens"/);
      const original = await callbackUrl();
      assert.ok(page.body.includes(`value="${original}"`));

      for (const bad of ['not a url', 'ftp://shop.example/cb', 'https://user:pw@shop.example/cb', 'javascript:alert(1)']) {
        const refused = await post(ctx().app, '/app/payments/settings', { callback_url: bad, _csrf: csrf }, cookie);
        assert.equal(refused.statusCode, 422, bad);
        assert.match(refused.body, /The callback URL is refused:/);
        assert.equal(await callbackUrl(), original, `${bad}: unchanged`);
      }
      const long = await post(
        ctx().app,
        '/app/payments/settings',
        { callback_url: `https://shop.example/${'a'.repeat(2048)}`, _csrf: csrf },
        cookie,
      );
      assert.equal(long.statusCode, 400);
      assert.equal(await callbackUrl(), original);
      const forged = await post(ctx().app, '/app/payments/settings', { callback_url: 'https://evil.example/cb' }, cookie);
      assert.equal(forged.statusCode, 403);
      assert.equal(await callbackUrl(), original);

      const saved = await post(
        ctx().app,
        '/app/payments/settings',
        { callback_url: ' https://shop.example/hooks/cb ', _csrf: csrf },
        cookie,
      );
      assert.equal(saved.statusCode, 303);
      assert.equal(saved.headers.location, '/app/payments/settings?done=saved');
      assert.equal(await callbackUrl(), 'https://shop.example/hooks/cb');
      const info = await client.post('/settings/info', {});
      assert.equal(JSON.parse(info.body).data.callback_url, 'https://shop.example/hooks/cb', 'the Merchant API sees it');
      const removed = await post(ctx().app, '/app/payments/settings', { callback_url: '', _csrf: csrf }, cookie);
      assert.equal(removed.headers.location, '/app/payments/settings?done=removed');
      assert.equal(await callbackUrl(), null);
      await post(ctx().app, '/app/payments/settings', { callback_url: original!, _csrf: csrf }, cookie);
      assert.equal(await callbackUrl(), original);
    });

    it('switches the network mode with the wallet’s xpub through the API’s use case; refusals change nothing', async () => {
      const mode = async () => JSON.parse((await client.post('/settings/info', {})).body).data;
      const network = (fields: Record<string, string>, lang?: string) =>
        ctx().app.inject({
          method: 'POST',
          url: '/app/payments/settings/network',
          payload: new URLSearchParams(fields).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, ...(lang ? { 'accept-language': lang } : {}) },
        });
      const before = await mode();
      assert.equal(before.mode, 'sandbox');

      const noKey = await network({ mode: 'live', _csrf: csrf });
      assert.equal(noKey.statusCode, 422);
      assert.match(noKey.body, /The network mode is refused: Live mode needs a valid evm xpub/);
      assert.match(noKey.body, /<option value="live" selected>/, 'the choice is shown again');
      const bad = await network({ mode: 'live', evm_xpub: 'xpub-not-a-key', _csrf: csrf }, 'de');
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /Der xpub muss ein erweiterter öffentlicher Schlüssel/);
      assert.match(bad.body, /value="xpub-not-a-key"/);
      assert.equal((await network({ mode: 'mainnet', _csrf: csrf })).statusCode, 400);
      assert.equal((await network({ mode: 'live', evm_xpub: XPUB })).statusCode, 403, 'no CSRF token');
      assert.deepEqual(await mode(), before, 'nothing changed');

      const live = await network({ mode: 'live', evm_xpub: ` ${XPUB} `, _csrf: csrf });
      assert.equal(live.statusCode, 303);
      assert.equal(live.headers.location, '/app/payments/settings?done=mode');
      assert.equal((await mode()).mode, 'live');
      const page = await get('/app/payments/settings?done=mode');
      assert.match(page.body, /The network mode is saved\./);
      assert.match(page.body, /<strong>Live<\/strong> · Stored key: fingerprint /);
      assert.doesNotMatch(page.body, new RegExp(XPUB), 'the key itself is not shown again');

      const back = await network({ mode: 'sandbox', evm_xpub: '', _csrf: csrf });
      assert.equal(back.statusCode, 303);
      assert.equal((await mode()).mode, 'sandbox');
      assert.match((await get('/app/payments/settings')).body, /Stored key: fingerprint/, 'an empty field keeps the stored key');
    });
  },
  { clock },
);
