import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { bearer, describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { assertMatchesSeed } from '../helpers/openapi.js';
import { createOffer, getOffer, publish, signingOffer } from './support.js';

const T0 = new Date('2026-06-01T10:00:00Z');
const clock = new ManualClock(T0);

describeEachEngine(
  'offers (happy paths)',
  (ctx) => {
    beforeEach(() => clock.set(T0));

    it('creates an offer from a minimal body with the documented defaults', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), apiToken, { name: 'Website relaunch' });
      assertMatchesSeed('Offer-OfferRead', offer);
      assert.match(offer.id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
      assert.equal(offer.name, 'Website relaunch');
      assert.equal(offer.status, 'open');
      assert.equal(offer.acceptanceMode, 'click');
      assert.equal(offer.dealType, 'new_business');
      assert.equal(offer.autoActivateSubscription, true);
      assert.equal(offer.signed, false);
      assert.equal(offer.subscription, null);
      assert.equal(offer.publishedVersionHash, null);
      assert.match(offer.currentVersionHash, /^[0-9a-f]{64}$/);
      assert.equal(offer.createdAt, '2026-06-01T10:00:00+00:00');
      assert.equal('issuedAt' in offer, false);
      assert.deepEqual(offer.recipients, []);
    });

    it('accepts "title" as the name and numbers offers per organisation', async () => {
      const a = await ctx().newOrganisation();
      const b = await ctx().newOrganisation();
      const first = await createOffer(ctx(), a.apiToken, { title: 'One' });
      const second = await createOffer(ctx(), a.apiToken, { title: 'Two' });
      const other = await createOffer(ctx(), b.apiToken, { title: 'B one' });
      assert.equal(first.name, 'One');
      assert.equal(first.number, 'ANG-1');
      assert.equal(second.number, 'ANG-2');
      assert.equal(other.number, 'ANG-1');
    });

    it('allocates distinct numbers to concurrent creates', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const offers = await Promise.all(Array.from({ length: 8 }, (_, i) => createOffer(ctx(), apiToken, { name: `Concurrent ${i}` })));
      assert.deepEqual(offers.map((o) => o.number).sort(), Array.from({ length: 8 }, (_, i) => `ANG-${i + 1}`).sort());
    });

    it('creates with recipients, each with a personal unguessable link', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), apiToken, {
        name: 'With recipients',
        recipients: [
          { email: 'Reader@Example.com', firstName: 'Rea', lastName: 'Der', role: 'read' },
          { email: 'signer@example.com', role: 'sign' },
        ],
      });
      assertMatchesSeed('Offer-OfferRead', offer);
      assert.equal(offer.recipients.length, 2);
      assert.equal(offer.recipients[0].email, 'reader@example.com');
      assert.equal(offer.recipients[0].role, 'read');
      assert.equal(offer.recipients[0].signingStatus, 'not_started');
      for (const r of offer.recipients) assert.match(r.link, /^http:\/\/offerpay\.test\/o\/[A-Za-z0-9_-]{43}$/);
      assert.notEqual(offer.recipients[0].link, offer.recipients[1].link);
      // The link is stable across reads.
      const again = await getOffer(ctx(), apiToken, offer.id);
      assert.deepEqual(
        again.recipients.map((r: { link: string }) => r.link),
        offer.recipients.map((r: { link: string }) => r.link),
      );
    });

    it('reads an offer at /api/offers/{id} and /offers/{id}', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), apiToken);
      const canonical = await ctx().app.inject({ method: 'GET', url: `/api/offers/${offer.id}`, headers: bearer(apiToken) });
      const alias = await ctx().app.inject({ method: 'GET', url: `/offers/${offer.id}`, headers: bearer(apiToken) });
      assert.equal(canonical.statusCode, 200);
      assert.deepEqual(json(canonical), offer);
      assert.deepEqual(json(alias), offer);
      assertMatchesSeed('Offer-OfferRead', json(canonical));
    });

    it('updates an open offer; a content change gives a new currentVersionHash', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), apiToken);
      clock.advance(60_000);
      const res = await ctx().app.inject({
        method: 'PUT',
        url: `/offers/${offer.id}`,
        headers: bearer(apiToken),
        payload: {
          title: 'Renamed',
          customVariables: { projectCode: 'X-1' },
          acceptanceMode: 'esignature',
          validUntil: '2026-07-01T00:00:00+02:00',
          contactPerson: { id: 'cp-1', firstName: 'Clara', lastName: 'Contact', email: 'clara@seller.example' },
          customer: { companyName: 'Acme Inc.', currencyCode: 'EUR' },
          lineItems: [{ name: 'Licence', quantity: 3, unitAmountCents: 1000, currency: 'EUR', interval: '1M', priceType: 'per_unit' }],
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      const updated = json(res);
      assertMatchesSeed('Offer-OfferRead', updated);
      assert.equal(updated.name, 'Renamed');
      assert.deepEqual(updated.customVariables, { projectCode: 'X-1' });
      assert.equal(updated.validUntil, '2026-06-30T22:00:00+00:00');
      assert.equal(updated.contactPerson.id, 'cp-1');
      assert.equal(updated.customer.companyName, 'Acme Inc.');
      assert.equal(updated.updatedAt, '2026-06-01T10:01:00+00:00');
      assert.notEqual(updated.currentVersionHash, offer.currentVersionHash);
      // The same content again: same hash.
      const same = json(
        await ctx().app.inject({ method: 'PUT', url: `/offers/${offer.id}`, headers: bearer(apiToken), payload: { name: 'Renamed' } }),
      );
      assert.equal(same.currentVersionHash, updated.currentVersionHash);
    });

    it('adds and removes recipients', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), apiToken);
      const added = await ctx().app.inject({
        method: 'POST',
        url: `/offers/${offer.id}/recipients`,
        headers: bearer(apiToken),
        payload: { email: 'cfo@buyer.example', firstName: 'C', lastName: 'FO', role: 'countersigner' },
      });
      assert.equal(added.statusCode, 201, added.body);
      const withRecipient = json(added);
      assertMatchesSeed('Offer-OfferRead', withRecipient);
      assert.equal(withRecipient.recipients.length, 1);
      assert.equal(withRecipient.recipients[0].role, 'countersigner');
      const removed = await ctx().app.inject({
        method: 'DELETE',
        url: `/offers/${offer.id}/recipients/${withRecipient.recipients[0].id}`,
        headers: bearer(apiToken),
      });
      assert.equal(removed.statusCode, 200, removed.body);
      assert.deepEqual(json(removed).recipients, []);
    });

    it('publishes a click offer: stays open, freezes and writes the contract value', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), apiToken, {
        name: 'Click',
        dealType: 'expansion',
        recipients: [{ email: 'buyer@example.com', role: 'sign' }],
        lineItems: [
          { name: 'Seats', quantity: 5, unitAmountCents: 1000, currency: 'EUR', interval: '1M', priceType: 'per_unit' },
          { name: 'Platform', quantity: 5, unitAmountCents: 50000, currency: 'EUR', interval: '1Y', priceType: 'flat_fee' },
          { name: 'Setup', quantity: 1, unitAmountCents: 99900, currency: 'EUR', interval: null, priceType: 'flat_fee' },
        ],
      });
      const res = await publish(ctx(), apiToken, offer.id, { notifyRecipients: true, customMessage: 'Hello' });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(json(res), { outcome: 'PUBLISHED', requestId: null });
      const published = await getOffer(ctx(), apiToken, offer.id);
      assertMatchesSeed('Offer-OfferRead', published);
      assert.equal(published.status, 'open');
      assert.equal(published.publishedVersionHash, offer.currentVersionHash);
      assert.equal(
        published.issuedAt,
        clock
          .now()
          .toISOString()
          .replace(/\.\d{3}Z$/, '+00:00'),
      );
      // 5 × 10 € × 12 + 500 € flat (quantity ignored) = 1100 € a year; the one-time setup does not count.
      assert.equal(published.cachedContractValueCents, '110000');
      assert.equal(published.cachedContractValueCurrency, 'EUR');
      assert.equal(published.dealType, 'expansion');
      assert.equal(published.recipients[0].signingStatus, 'not_started');
    });

    it('publishes an esignature offer into signing; cancel-signing returns it to open', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const offer = await signingOffer(ctx(), apiToken);
      const signing = await getOffer(ctx(), apiToken, offer.id);
      assert.equal(signing.status, 'signing');
      assert.equal(signing.recipients[0].signingStatus, 'pending');
      const cancelled = await ctx().app.inject({ method: 'POST', url: `/offers/${offer.id}/cancel-signing`, headers: bearer(apiToken) });
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      assert.deepEqual(json(cancelled), { status: 'open' });
      assertMatchesSeed('POST /offers/{id}/cancel-signing 200', json(cancelled));
      const reopened = await getOffer(ctx(), apiToken, offer.id);
      assert.equal(reopened.status, 'open');
      assert.equal(reopened.recipients[0].signingStatus, 'not_started');
      // Editable and publishable again.
      const edit = await ctx().app.inject({
        method: 'PUT',
        url: `/offers/${offer.id}`,
        headers: bearer(apiToken),
        payload: { name: 'v2' },
      });
      assert.equal(edit.statusCode, 200, edit.body);
      assert.equal((await publish(ctx(), apiToken, offer.id)).statusCode, 200);
      assert.equal((await getOffer(ctx(), apiToken, offer.id)).status, 'signing');
    });

    it('records a manual acceptance as JSON and as multipart with a PDF', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const viaJson = await createOffer(ctx(), apiToken);
      const res = await ctx().app.inject({
        method: 'POST',
        url: `/api/offers/${viaJson.id}/accept`,
        headers: bearer(apiToken),
        payload: { acceptedAt: '2026-05-31T12:00:00+02:00' },
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(json(res), { status: 'signed', signedAt: '2026-05-31T10:00:00+00:00' });
      const signed = await getOffer(ctx(), apiToken, viaJson.id);
      assertMatchesSeed('Offer-OfferRead', signed);
      assert.equal(signed.signed, true);
      assert.equal(signed.signedAt, '2026-05-31T10:00:00+00:00');
      // Signed is signed: the subscription starts as when recipients sign, and the list's filter sees it.
      assert.equal(signed.subscription.status, 'active');
      assert.equal(signed.subscription.activatedAt, '2026-06-01T10:00:00+00:00');
      assert.match(signed.subscription.number, /^S-\d{8}$/);
      const listed = json(await ctx().app.inject({ method: 'GET', url: '/offers?exists[subscription]=true', headers: bearer(apiToken) }));
      assert.deepEqual(
        listed.data.map((o: { id: string }) => o.id),
        [viaJson.id],
      );
      assert.equal(listed.meta.pagination.totalItems, 1);

      const viaForm = await signingOffer(ctx(), apiToken);
      const boundary = '----offerpay';
      const pdf = Buffer.from('%PDF-1.4\n% test\n%%EOF\n');
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="acceptedAt"\r\n\r\n2026-06-01T09:00:00Z\r\n`),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="signed.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        pdf,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const form = await ctx().app.inject({
        method: 'POST',
        url: `/api/offers/${viaForm.id}/accept`,
        headers: { ...bearer(apiToken), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
      assert.equal(form.statusCode, 200, form.body);
      assert.deepEqual(json(form), { status: 'signed', signedAt: '2026-06-01T09:00:00+00:00' });
      const withDocument = await getOffer(ctx(), apiToken, viaForm.id);
      assert.match(withDocument.signedDocument, /^[0-9a-f-]{36}$/);
      assert.equal(withDocument.subscription.status, 'active');

      const draft = await createOffer(ctx(), apiToken, { name: 'Later', autoActivateSubscription: false });
      await ctx().app.inject({
        method: 'POST',
        url: `/api/offers/${draft.id}/accept`,
        headers: bearer(apiToken),
        payload: { acceptedAt: '2026-05-31T12:00:00Z' },
      });
      const drafted = await getOffer(ctx(), apiToken, draft.id);
      assert.deepEqual([drafted.subscription.status, drafted.subscription.activatedAt], ['draft', null]);
      const stored = await ctx().db.query<{ size_bytes: number }>('SELECT size_bytes FROM offer_media WHERE id = $1', [
        withDocument.signedDocument,
      ]);
      assert.equal(stored.rows[0]?.size_bytes, pdf.length);
    });

    it('archives an offer and lists its activities, creation first', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const offer = await signingOffer(ctx(), apiToken);
      const archived = await ctx().app.inject({ method: 'POST', url: `/offers/${offer.id}/archive`, headers: bearer(apiToken) });
      assert.equal(archived.statusCode, 200, archived.body);
      assert.equal(json(archived).status, 'archived');
      assert.equal(json(archived).recipients[0].signingStatus, 'archived');
      assertMatchesSeed('Offer-OfferRead', json(archived));
      const activities = await ctx().app.inject({ method: 'GET', url: `/api/offers/${offer.id}/activities`, headers: bearer(apiToken) });
      assert.equal(activities.statusCode, 200, activities.body);
      assert.deepEqual(
        json(activities).data.map((a: { type: string }) => a.type),
        ['offer.created', 'offer.published', 'offer.signing_started', 'offer.archived'],
      );
    });

    it('shows approval as not required; approve and reject find no pending request', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const offer = await createOffer(ctx(), apiToken);
      const approval = await ctx().app.inject({ method: 'GET', url: `/api/offers/${offer.id}/approval`, headers: bearer(apiToken) });
      assert.equal(approval.statusCode, 200);
      assert.deepEqual(json(approval), {
        versionApprovalStatus: 'not_required',
        requiresApproval: false,
        canCurrentUserDecide: false,
        request: null,
      });
      for (const decision of ['approve', 'reject']) {
        const res = await ctx().app.inject({
          method: 'POST',
          url: `/api/offers/${offer.id}/approval/${decision}`,
          headers: bearer(apiToken),
          payload: { comment: 'x' },
        });
        assert.equal(res.statusCode, 409, res.body);
      }
    });

    it('writes an outbox event with the offer for every state change', async () => {
      const { apiToken, organisation } = await ctx().newOrganisation();
      const offer = await signingOffer(ctx(), apiToken);
      await ctx().app.inject({ method: 'POST', url: `/offers/${offer.id}/cancel-signing`, headers: bearer(apiToken) });
      const { rows } = await ctx().db.query<{ topic: string; payload: { data: { id: string } } }>(
        'SELECT topic, payload FROM outbox WHERE organisation_id = $1 ORDER BY id',
        [organisation.id],
      );
      assert.deepEqual(
        rows.map((r) => r.topic),
        ['offer.created', 'offer.published', 'offer.signing_started', 'offer.signing_cancelled'],
      );
      for (const r of rows) {
        assert.equal(r.payload.data.id, offer.id);
        assertMatchesSeed('Offer-OfferRead', r.payload.data);
      }
    });
  },
  { clock },
);
