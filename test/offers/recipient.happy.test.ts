// The recipient's side, happy paths: read the published version, click acceptance, e-signature with
// a countersigner, invoice details, the signed and audit-trail PDFs, the subscription, media downloads.
import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { bearer, describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { BACKFILL_PUBLISHED_CONTENT } from '../../src/db/migrations/0005_recipient_flow.js';
import { versionHash } from '../../src/offers/version-hash.js';
import { isWebhookEvent } from '../../src/webhooks/events.js';
import { assertMatchesSeed } from '../helpers/openapi.js';
import { pdfText } from '../helpers/pdf-text.js';
import { INVOICE_DETAILS, pub, publishedOffer, sign, topics } from './recipient-support.js';
import { getOffer, scopedToken } from './support.js';

const T0 = new Date('2026-06-01T10:00:00Z');
const clock = new ManualClock(T0);

describeEachEngine(
  'recipient (happy paths)',
  (ctx) => {
    beforeEach(() => clock.set(T0));

    it('reads the published version only and records the first view', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, {
        recipients: [{ email: 'anna@example.com', firstName: 'Anna', lastName: 'Muster', role: 'sign' }],
      });
      // An edit after publishing stays unpublished.
      const put = await ctx().app.inject({
        method: 'PUT',
        url: `/offers/${offer.id}`,
        headers: bearer(apiToken),
        payload: { name: 'Unpublished draft' },
      });
      assert.equal(put.statusCode, 200, put.body);
      clock.advance(60_000);
      const res = await pub(ctx(), 'GET', tokens['anna@example.com']!);
      assert.equal(res.statusCode, 200, res.body);
      const view = json(res);
      assert.equal(view.offer.name, 'Website-Relaunch');
      assert.equal(view.offer.content.name, 'Website-Relaunch');
      assert.equal(view.offer.publishedVersionHash, offer.publishedVersionHash);
      assert.equal(view.recipient.email, 'anna@example.com');
      assert.deepEqual(view.actions, { accept: true, sign: false, submitInvoiceDetails: false, decline: true });
      // Second read: no second view event.
      await pub(ctx(), 'GET', tokens['anna@example.com']!);
      const activities = json(
        await ctx().app.inject({ method: 'GET', url: `/api/offers/${offer.id}/activities`, headers: bearer(apiToken) }),
      ).data;
      const viewed = activities.filter((a: { type: string }) => a.type === 'recipient.viewed');
      assert.equal(viewed.length, 1);
      assert.equal(viewed[0].data.userAgent, 'recipient-test/1.0');
      assert.equal(viewed[0].createdAt, '2026-06-01T10:01:00+00:00');
      assert.equal((await topics(ctx(), offer.id)).filter((t) => t === 'offer.recipient.viewed').length, 1);
      const seller = await getOffer(ctx(), apiToken, offer.id);
      assert.match(seller.recipients[0].signingLog[0], /viewed/);
      // The offer PDF is the published version.
      const pdf = await pub(ctx(), 'GET', tokens['anna@example.com']!, '/document');
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      const text = await pdfText(pdf.rawPayload);
      assert.match(text, /Website-Relaunch/);
      assert.match(text, /Frau Muster/);
      assert.doesNotMatch(text, /Unpublished draft/);
    });

    it('click mode: accept → awaiting_invoice_details → invoice details → signed, with PDFs and a subscription', async () => {
      const { apiToken, organisation } = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, {
        autoActivateSubscription: false,
        recipients: [
          { email: 'anna@example.com', firstName: 'Anna', lastName: 'Muster', role: 'sign' },
          { email: 'reader@example.com', role: 'read' },
        ],
      });
      const token = tokens['anna@example.com']!;
      clock.advance(1000);
      const accepted = await pub(ctx(), 'POST', token, '/accept', { consent: true });
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(json(accepted).offer.status, 'awaiting_invoice_details');
      assert.deepEqual(json(accepted).actions, { accept: false, sign: false, submitInvoiceDetails: true, decline: false });
      assert.equal((await getOffer(ctx(), apiToken, offer.id)).status, 'awaiting_invoice_details');

      clock.advance(1000);
      const details = await pub(ctx(), 'POST', token, '/invoice-details', INVOICE_DETAILS);
      assert.equal(details.statusCode, 200, details.body);
      assert.equal(json(details).offer.status, 'signed');

      const seller = await getOffer(ctx(), apiToken, offer.id);
      assertMatchesSeed('Offer-OfferRead', seller);
      assert.equal(seller.status, 'signed');
      assert.equal(seller.signed, true);
      assert.equal(seller.signedAt, '2026-06-01T10:00:02+00:00');
      assert.equal(seller.capturedInvoiceDetails.country, 'DE');
      assert.equal(seller.capturedInvoiceDetails.vatId, 'DE123456789');
      assert.equal(seller.capturedInvoiceDetails.leitwegId, '04011000-1234512345-06');
      assert.equal(seller.subscription.status, 'draft');
      assert.equal(seller.subscription.poNumber, 'PO-4711');
      assert.match(seller.signedDocument, /^[0-9a-f-]{36}$/);
      assert.match(seller.auditLogDocument, /^[0-9a-f-]{36}$/);
      const { rows } = await ctx().db.query<{ status: string }>(
        'SELECT status FROM subscriptions WHERE offer_id = $1 AND organisation_id = $2',
        [offer.id, organisation.id],
      );
      assert.deepEqual(
        rows.map((r) => r.status),
        ['draft'],
      );
      const list = json(await ctx().app.inject({ method: 'GET', url: '/offers?exists[subscription]=true', headers: bearer(apiToken) }));
      assert.deepEqual(
        list.data.map((o: { id: string }) => o.id),
        [offer.id],
      );

      const all = await topics(ctx(), offer.id);
      for (const t of ['offer.accepted', 'offer.invoice_details_captured', 'offer.signed']) assert.ok(all.includes(t), t);
      for (const t of all) assert.ok(isWebhookEvent(t), `${t} is in the webhook catalogue`);

      // The recipient downloads the signed PDF; the seller gets both through the media endpoints.
      const signedPdf = await pub(ctx(), 'GET', token, '/signed-document');
      assert.equal(signedPdf.statusCode, 200);
      assert.match(await pdfText(signedPdf.rawPayload), /Anna Muster/);
      const media = await scopedToken(ctx(), organisation.id, ['media:read']);
      const audit = await ctx().app.inject({ method: 'GET', url: `/media/${seller.auditLogDocument}/download`, headers: bearer(media) });
      assert.equal(audit.statusCode, 200);
      assert.equal(audit.headers['content-type'], 'application/pdf');
      const auditText = await pdfText(audit.rawPayload);
      assert.match(auditText, /offer\.accepted/);
      assert.match(auditText, /recipient-test\/1\.0/);
      assert.match(auditText, /anna@example\.com/);
      assert.ok(auditText.replace(/\s+/g, '').includes(offer.publishedVersionHash), 'the audit trail names the signed version hash');
    });

    it('e-signature: every signer, then the countersigner, then awaiting_invoice_details → signed', async () => {
      const { apiToken, organisation } = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, {
        acceptanceMode: 'esignature',
        locale: 'en',
        recipients: [
          { email: 'a@example.com', firstName: 'Anna', lastName: 'Muster', role: 'sign' },
          { email: 'b@example.com', firstName: 'Bernd', lastName: 'Bauer', role: 'sign' },
          { email: 'c@seller.example', firstName: 'Clara', lastName: 'Chef', role: 'countersigner' },
        ],
      });
      assert.equal(offer.status, 'signing');
      // The countersigner must wait.
      const early = await sign(ctx(), tokens['c@seller.example']!, 'Clara Chef');
      assert.equal(early.statusCode, 409, early.body);

      const first = await sign(ctx(), tokens['a@example.com']!, 'Anna Muster');
      assert.equal(first.statusCode, 200, first.body);
      let seller = await getOffer(ctx(), apiToken, offer.id);
      assert.deepEqual(
        seller.recipients.map((r: { signingStatus: string }) => r.signingStatus),
        ['signed', 'pending', 'not_started'],
      );
      assert.equal(seller.status, 'signing');
      clock.advance(1000);
      assert.equal((await sign(ctx(), tokens['b@example.com']!, 'Bernd Bauer')).statusCode, 200);
      seller = await getOffer(ctx(), apiToken, offer.id);
      assert.deepEqual(
        seller.recipients.map((r: { signingStatus: string }) => r.signingStatus),
        ['signed', 'signed', 'pending'],
      );
      clock.advance(1000);
      const last = await sign(ctx(), tokens['c@seller.example']!, 'Clara Chef');
      assert.equal(last.statusCode, 200, last.body);
      assert.equal(json(last).offer.status, 'awaiting_invoice_details');
      seller = await getOffer(ctx(), apiToken, offer.id);
      assert.ok(seller.recipients[0].signingLog.some((l: string) => l.includes('signed as "Anna Muster"')));

      // The countersigner may not give the buyer's invoice details.
      assert.equal((await pub(ctx(), 'POST', tokens['c@seller.example']!, '/invoice-details', INVOICE_DETAILS)).statusCode, 403);
      const done = await pub(ctx(), 'POST', tokens['a@example.com']!, '/invoice-details', INVOICE_DETAILS);
      assert.equal(done.statusCode, 200, done.body);
      seller = await getOffer(ctx(), apiToken, offer.id);
      assertMatchesSeed('Offer-OfferRead', seller);
      assert.equal(seller.status, 'signed');
      assert.equal(seller.subscription.status, 'active');
      const media = await scopedToken(ctx(), organisation.id, ['media:read']);
      const signed = await ctx().app.inject({ method: 'GET', url: `/media/${seller.signedDocument}/download`, headers: bearer(media) });
      const text = await pdfText(signed.rawPayload);
      for (const needle of [
        'Anna Muster',
        'Bernd Bauer',
        'Clara Chef',
        'Countersigner',
        'Signed electronically by Clara Chef on June 1, 2026 at 10:00 AM UTC',
      ])
        assert.ok(text.includes(needle), needle);
      const all = await topics(ctx(), offer.id);
      assert.equal(all.filter((t) => t === 'offer.recipient.signed').length, 3);
      assert.equal(all.filter((t) => t === 'offer.signed').length, 1);
    });

    it('e-signature: invoice details given during signing; the last signature signs the offer', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, {
        acceptanceMode: 'esignature',
        recipients: [{ email: 'a@example.com', role: 'sign' }],
      });
      const details = await pub(ctx(), 'POST', tokens['a@example.com']!, '/invoice-details', INVOICE_DETAILS);
      assert.equal(details.statusCode, 200, details.body);
      assert.equal(json(details).offer.status, 'signing');
      const signed = await sign(ctx(), tokens['a@example.com']!);
      assert.equal(signed.statusCode, 200, signed.body);
      assert.equal(json(signed).offer.status, 'signed');
      const seller = await getOffer(ctx(), apiToken, offer.id);
      assert.equal(seller.signed, true);
      assert.ok(seller.signedDocument && seller.auditLogDocument && seller.subscription);
    });

    it('cancel-signing voids signatures: after re-publishing, only the new signatures count', async () => {
      const { apiToken, organisation } = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, {
        acceptanceMode: 'esignature',
        recipients: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
      });
      assert.equal((await sign(ctx(), tokens['a@example.com']!, 'Old Signature')).statusCode, 200);
      assert.equal(
        (await ctx().app.inject({ method: 'POST', url: `/offers/${offer.id}/cancel-signing`, headers: bearer(apiToken) })).statusCode,
        200,
      );
      assert.equal((await pub(ctx(), 'GET', tokens['a@example.com']!)).statusCode, 404, 'withdrawn while being revised');
      const put = await ctx().app.inject({
        method: 'PUT',
        url: `/offers/${offer.id}`,
        headers: bearer(apiToken),
        payload: { name: 'Revised offer' },
      });
      assert.equal(put.statusCode, 200);
      assert.equal(
        (await ctx().app.inject({ method: 'POST', url: `/api/offers/${offer.id}/publish`, headers: bearer(apiToken), payload: {} }))
          .statusCode,
        200,
      );
      assert.equal(json(await pub(ctx(), 'GET', tokens['a@example.com']!)).offer.name, 'Revised offer');
      assert.equal((await sign(ctx(), tokens['a@example.com']!, 'New Signature')).statusCode, 200);
      assert.equal((await sign(ctx(), tokens['b@example.com']!, 'Bert B')).statusCode, 200);
      assert.equal((await pub(ctx(), 'POST', tokens['a@example.com']!, '/invoice-details', INVOICE_DETAILS)).statusCode, 200);
      const seller = await getOffer(ctx(), apiToken, offer.id);
      assert.notEqual(seller.publishedVersionHash, offer.publishedVersionHash);
      const media = await scopedToken(ctx(), organisation.id, ['media:read']);
      const text = await pdfText(
        (await ctx().app.inject({ method: 'GET', url: `/media/${seller.signedDocument}/download`, headers: bearer(media) })).rawPayload,
      );
      assert.ok(text.includes('New Signature') && text.includes('Bert B') && text.includes('Revised offer'));
      assert.ok(!text.includes('Old Signature'));
      assert.ok(text.replace(/\s+/g, '').includes(seller.publishedVersionHash));
    });

    it('migration 0005 backfills the snapshot of offers published before it, hashing to publishedVersionHash', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, {
        validUntil: '2026-07-01T12:30:00+02:00',
        customer: { companyName: 'Müller GmbH', firstName: 'Jo' },
        contactPerson: { firstName: 'Sa', lastName: 'Les', email: 'sales@example.com' },
        recipients: [{ email: 'a@example.com' }],
      });
      await ctx().db.query('UPDATE offers SET published_content = NULL WHERE id = $1', [offer.id]);
      await ctx().db.query(BACKFILL_PUBLISHED_CONTENT);
      const { rows } = await ctx().db.query<{ published_content: Record<string, unknown> }>(
        'SELECT published_content FROM offers WHERE id = $1',
        [offer.id],
      );
      assert.equal(versionHash(rows[0]!.published_content), offer.publishedVersionHash);
      assert.equal((await pub(ctx(), 'GET', tokens['a@example.com']!)).statusCode, 200);
    });

    it('media: shareable download tokens expire and stay within their media', async () => {
      const { apiToken, organisation } = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, { recipients: [{ email: 'a@example.com', role: 'sign' }] });
      await pub(ctx(), 'POST', tokens['a@example.com']!, '/accept', { consent: true });
      await pub(ctx(), 'POST', tokens['a@example.com']!, '/invoice-details', INVOICE_DETAILS);
      const seller = await getOffer(ctx(), apiToken, offer.id);
      const media = await scopedToken(ctx(), organisation.id, ['media:read']);
      const minted = await ctx().app.inject({
        method: 'POST',
        url: `/media/${seller.signedDocument}/download-token`,
        headers: bearer(media),
      });
      assert.equal(minted.statusCode, 201, minted.body);
      const { token, expiresAt, url } = json(minted);
      assert.equal(expiresAt, '2026-06-01T10:15:00+00:00');
      assert.equal(url, `http://offerpay.test/media/${seller.signedDocument}/download/${token}`);
      const { rows } = await ctx().db.query<{ n: bigint }>('SELECT count(*) AS n FROM media_download_tokens WHERE token_hash = $1', [
        Buffer.from(token),
      ]);
      assert.equal(Number(rows[0]!.n), 0, 'only the hash is stored');
      const ok = await ctx().app.inject({ method: 'GET', url: `/media/${seller.signedDocument}/download/${token}` });
      assert.equal(ok.statusCode, 200);
      assert.equal(ok.rawPayload.subarray(0, 5).toString(), '%PDF-');
      // The token opens only its own media.
      assert.equal((await ctx().app.inject({ method: 'GET', url: `/media/${seller.auditLogDocument}/download/${token}` })).statusCode, 404);
      clock.advance(15 * 60 * 1000);
      const gone = await ctx().app.inject({ method: 'GET', url: `/media/${seller.signedDocument}/download/${token}` });
      assert.equal(gone.statusCode, 410, gone.body);
      assert.equal(gone.headers['content-type'], 'application/problem+json; charset=utf-8');
    });
  },
  { clock },
);
