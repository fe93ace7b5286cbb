// Link tokens at rest (issue 13, item 12): after a whole offer's life — created with an
// Idempotency-Key, published with e-mailed invitations, viewed, signed, documents shared, an invoice
// paid through its page, every event delivered to a webhook receiver that fails once and echoes what
// it gets — no recipient token, payer slug, download token or other credential is stored in plain
// text in any column of any table. The receiver still gets the working links, signed over the exact
// bytes sent, and a retry sends the same bytes.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sendDueEmails } from '../../src/notifications/worker.js';
import { smtpMailer } from '../../src/notifications/mailer.js';
import { verifyWebhook } from '../../src/webhooks/signing.js';
import { runOnce } from '../../src/webhooks/worker.js';
import { bearer, describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { invoiceBody, merchantClient } from '../helpers/merchant.js';
import { startInbox, type Inbox } from '../notifications/smtp.js';
import { INVOICE_DETAILS, pub, sign, tokenOf } from '../offers/recipient-support.js';
import { getOffer, publish, scopedToken } from '../offers/support.js';
import { dumpEveryColumn, findSecrets } from './at-rest.js';
import { createWebhook, startReceiver, type Receiver } from './helpers.js';

const T0 = new Date('2026-06-01T10:00:00Z');
const clock = new ManualClock(T0);
let inbox: Inbox;
let receiver: Receiver;
before(async () => {
  inbox = await startInbox();
  receiver = await startReceiver();
});
after(async () => {
  await inbox.close();
  await receiver.close();
});

// Client text shaped like a seal, outside the recipients' links: sent as written, never opened.
const LOOKALIKE = 'http://offerpay.test/o/{sealed:v1:AAAA:BBBB:CCCC}';

describeEachEngine(
  'link tokens at rest',
  (ctx) => {
    it('stores no token in plain text anywhere, and still delivers working links with valid signatures, the same bytes on retry', async () => {
      const t = ctx();
      const org = await t.newOrganisation();
      const hook = await createWebhook(t, org.apiToken, { url: `${receiver.url}/hook`, events: ['*'] });
      // The first request fails (a retry follows); every answer echoes the body it got.
      let calls = 0;
      receiver.respond = (req) => ({ status: calls++ === 0 ? 500 : 200, body: req.body });

      const create = () =>
        t.app.inject({
          method: 'POST',
          url: '/offers',
          headers: { ...bearer(org.apiToken), 'idempotency-key': 'create-1' },
          payload: {
            name: 'Website relaunch',
            locale: 'en',
            acceptanceMode: 'esignature',
            validUntil: '2026-07-01T00:00:00+00:00',
            customVariables: { note: LOOKALIKE },
            recipients: [
              { email: 'anna@example.com', firstName: 'Anna', lastName: 'Muster', role: 'sign' },
              { email: 'ben@example.com', firstName: 'Ben', lastName: 'Reader', role: 'read' },
            ],
          },
        });
      const created = await create();
      assert.equal(created.statusCode, 201, created.body);
      const offerId = json(created).id as string;
      const res = await publish(t, org.apiToken, offerId, { notifyRecipients: true, customMessage: 'Hello' });
      assert.equal(res.statusCode, 200, res.body);
      const links = (await getOffer(t, org.apiToken, offerId)).recipients.map((r: { link: string }) => r.link) as string[];
      const [anna, ben] = links.map(tokenOf) as [string, string];

      // The invitations leave with the working links.
      assert.deepEqual(await sendDueEmails(t.deps, smtpMailer(inbox.url)), { sent: 2, retried: 0, failed: 0 });
      for (const link of links)
        assert.ok(
          inbox.messages.some((m) => String(m.text).includes(link)),
          link,
        );

      for (const token of [anna, ben]) assert.equal((await t.app.inject({ method: 'GET', url: `/o/${token}` })).statusCode, 200);
      assert.equal((await sign(t, anna)).statusCode, 200);
      assert.equal((await pub(t, 'POST', anna, '/invoice-details', INVOICE_DETAILS)).statusCode, 200);
      const signed = await getOffer(t, org.apiToken, offerId);
      assert.equal(signed.status, 'signed');

      const media = await scopedToken(t, org.organisation.id, ['media:read']);
      const minted = await t.app.inject({ method: 'POST', url: `/media/${signed.signedDocument}/download-token`, headers: bearer(media) });
      assert.equal(minted.statusCode, 201, minted.body);
      const downloadToken = json(minted).token as string;

      const invoice = await merchantClient(t.app, org.merchant).post('/invoices/create', invoiceBody());
      assert.equal(invoice.statusCode, 200, invoice.body);
      const slug = (json(invoice).data.url as string).split('/invoice/')[1]!;
      assert.equal((await t.app.inject({ method: 'GET', url: `/invoice/${slug}` })).statusCode, 200);

      // Deliver everything (one at a time per offer: the failed first event holds the rest until its retry).
      const before = receiver.requests.length;
      for (let i = 0; i < 40; i++) {
        await runOnce(t.deps);
        const { rows } = await t.db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM webhook_deliveries WHERE organisation_id = $1 AND status <> 'delivered'",
          [org.organisation.id],
        );
        if (rows[0]!.n === 0) break;
        clock.advance(60 * 60_000);
      }
      const got = receiver.requests.slice(before);
      const events = new Set(got.map((r) => JSON.parse(r.body).event.id));
      assert.ok(events.size >= 8, `every event arrived (${events.size})`);

      // Signed over the exact bytes sent; the retry sent the first attempt's bytes again.
      for (const r of got) assert.ok(verifyWebhook(hook.secret, r.body, String(r.headers['x-webhook-signature'])));
      const first = got[0]!;
      const retried = got.filter((r) => JSON.parse(r.body).event.id === JSON.parse(first.body).event.id);
      assert.equal(retried.length, 2, 'the failed event was sent twice');
      assert.equal(retried[1]!.body, retried[0]!.body);

      // Wire-compatible: the recipients' links as the API shows them, the client's text as written.
      for (const r of got) {
        const data = JSON.parse(r.body).data;
        if (!Array.isArray(data.recipients)) continue;
        assert.deepEqual(
          data.recipients.map((x: { link: string }) => x.link),
          links,
        );
        assert.equal(data.customVariables.note, LOOKALIKE);
      }
      const link = new URL(JSON.parse(got.at(-1)!.body).data.recipients[1].link);
      const page = await t.app.inject({ method: 'GET', url: link.pathname });
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Website relaunch/);

      // A retried create replays its first answer, links included (kept encrypted).
      const replay = await create();
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.body, created.body);
      assert.deepEqual(
        json(replay).recipients.map((r: { link: string }) => r.link),
        links,
      );

      const found = findSecrets(await dumpEveryColumn(t.db), {
        'recipient token (signer)': anna,
        'recipient token (reader)': ben,
        'payer slug': slug,
        'download token': downloadToken,
        'API token': org.apiToken,
        'media API token': media,
        'webhook secret': hook.secret,
        'merchant secret': org.merchant.secret,
      });
      assert.deepEqual(found, []);
    });
  },
  { clock, env: { SMTP_URL: 'smtp://127.0.0.1:1' } },
);
