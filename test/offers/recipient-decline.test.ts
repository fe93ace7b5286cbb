// Declining (offerpay extension) through the Public offer API and the page: the seller gets an activity
// and the event offer.recipient.declined; signing and accepting that version stop (409) until the
// seller publishes again. And a failed invoice-details form on the page comes back as typed.
import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { bearer, describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { INVOICE_DETAILS, multipart, pub, publishedOffer, sign, topics } from './recipient-support.js';
import { getOffer, publish } from './support.js';

const T0 = new Date('2026-06-01T10:00:00Z');
const clock = new ManualClock(T0);
const form = (fields: Record<string, string>) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describeEachEngine(
  'recipient: decline, form re-display',
  (ctx) => {
    beforeEach(() => clock.set(T0));

    it('a signer declines with a reason: activity, event, 409 for accepting until the seller publishes again', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, {
        recipients: [
          { email: 'a@example.com', role: 'sign' },
          { email: 'b@example.com', role: 'sign' },
          { email: 'r@example.com', role: 'read' },
        ],
      });
      const [a, b, r] = [tokens['a@example.com']!, tokens['b@example.com']!, tokens['r@example.com']!];
      // Bad input changes nothing: a reader may not, a reason is capped, an unknown field is refused.
      assert.equal((await pub(ctx(), 'POST', r, '/decline', { reason: 'no' })).statusCode, 403);
      const long = await pub(ctx(), 'POST', a, '/decline', { reason: 'x'.repeat(1001) });
      assert.equal(long.statusCode, 422, long.body);
      assert.equal(json(long).violations[0].propertyPath, 'reason');
      assert.ok((await pub(ctx(), 'POST', a, '/decline', { reason: 'x', extra: 1 })).statusCode < 500);
      assert.equal(json(await pub(ctx(), 'GET', a)).offer.declined, null);

      clock.advance(60_000);
      const declined = await pub(ctx(), 'POST', a, '/decline', { reason: '  Zu teuer für uns.  ' });
      assert.equal(declined.statusCode, 200, declined.body);
      const view = json(declined);
      assert.deepEqual(view.offer.declined, { at: '2026-06-01T10:01:00+00:00', byYou: true, reason: 'Zu teuer für uns.' });
      assert.deepEqual(view.actions, { accept: false, sign: false, submitInvoiceDetails: false, decline: false });
      assert.equal(view.offer.status, 'open', "the seed's status stays");
      assert.equal(view.recipient.signingStatus, 'not_started', "the seed's signingStatus enum gains no value");
      // The other signer sees that it was declined, not why.
      assert.deepEqual(json(await pub(ctx(), 'GET', b)).offer.declined, { at: '2026-06-01T10:01:00+00:00', byYou: false, reason: null });
      assert.equal((await pub(ctx(), 'POST', b, '/accept', { consent: true })).statusCode, 409);
      assert.equal((await pub(ctx(), 'POST', a, '/decline', {})).statusCode, 409, 'declined once');

      const activities = json(
        await ctx().app.inject({ method: 'GET', url: `/api/offers/${offer.id}/activities`, headers: bearer(apiToken) }),
      ).data;
      const activity = activities.find((x: { type: string }) => x.type === 'recipient.declined');
      assert.equal(activity.data.email, 'a@example.com');
      assert.equal(activity.data.reason, 'Zu teuer für uns.');
      assert.equal(activity.data.userAgent, 'recipient-test/1.0');
      assert.deepEqual(
        (await topics(ctx(), offer.id)).filter((t) => t === 'offer.recipient.declined'),
        ['offer.recipient.declined'],
      );
      const { rows } = await ctx().db.query<{ payload: { data: { decline: Record<string, unknown>; status: string } } }>(
        "SELECT payload FROM outbox WHERE topic = 'offer.recipient.declined' AND payload->'data'->>'id' = $1",
        [offer.id],
      );
      assert.deepEqual(rows[0]!.payload.data.decline, {
        recipientId: view.recipient.id,
        email: 'a@example.com',
        reason: 'Zu teuer für uns.',
        declinedAt: '2026-06-01T10:01:00+00:00',
      });
      const seller = await getOffer(ctx(), apiToken, offer.id);
      assert.match(seller.recipients[0].signingLog.at(-1), /declined$/);

      // The seller publishes again (a new version): the decline no longer applies.
      clock.advance(60_000);
      assert.equal((await publish(ctx(), apiToken, offer.id)).statusCode, 200);
      assert.equal(json(await pub(ctx(), 'GET', a)).offer.declined, null);
      assert.equal((await pub(ctx(), 'POST', b, '/accept', { consent: true })).statusCode, 200);
      assert.equal((await pub(ctx(), 'POST', a, '/decline', {})).statusCode, 409, 'an accepted offer is not declined');
    });

    it('e-signature: a decline stops signing; a signer who signed cannot decline; the page form declines and says so', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const { tokens } = await publishedOffer(ctx(), apiToken, {
        locale: 'en',
        acceptanceMode: 'esignature',
        recipients: [
          { email: 'a@example.com', role: 'sign' },
          { email: 'b@example.com', role: 'sign' },
        ],
      });
      const [a, b] = [tokens['a@example.com']!, tokens['b@example.com']!];
      assert.equal((await sign(ctx(), a)).statusCode, 200);
      assert.equal((await pub(ctx(), 'POST', a, '/decline', {})).statusCode, 409);
      const posted = await ctx().app.inject({ method: 'POST', url: `/o/${b}/decline`, ...form({ reason: 'Not now.' }) });
      assert.equal(posted.statusCode, 303);
      assert.equal(posted.headers.location, `/o/${b}?done=declined`);
      const page = await ctx().app.inject({ method: 'GET', url: `/o/${b}?done=declined` });
      assert.match(
        page.body,
        /<div class="notice warn" role="status" id="declined"><p>You declined this offer on June 1, 2026 at 10:00 AM UTC\./,
      );
      assert.match(page.body, /Your reason: „Not now\.“/);
      assert.doesNotMatch(page.body, /id="sign-form"|id="decline-form"/);
      assert.equal((await sign(ctx(), b)).statusCode, 409);
      const other = await ctx().app.inject({ method: 'GET', url: `/o/${a}` });
      assert.match(other.body, /This offer was declined on June 1, 2026/);
      assert.doesNotMatch(other.body, /Not now/, 'the reason is for the seller, not the other recipients');
    });

    it('a failed invoice-details form post answers the page again: values kept, messages by their fields, first invalid field focused', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, { recipients: [{ email: 'a@example.com', role: 'sign' }] });
      const token = tokens['a@example.com']!;
      assert.equal((await pub(ctx(), 'POST', token, '/accept', { consent: true })).statusCode, 200);
      const bad = multipart({ ...INVOICE_DETAILS, city: '', country: 'Deutschland', email: 'billing@mueller.example' });
      const res = await ctx().app.inject({ method: 'POST', url: `/o/${token}/invoice-details`, ...bad });
      assert.equal(res.statusCode, 422);
      assert.match(res.headers['content-type'] as string, /text\/html/);
      assert.match(res.body, /id="details-errors">2 Angaben sind zu prüfen/);
      assert.match(res.body, /name="companyName"[^>]*value="Müller &amp; Söhne GmbH"/);
      assert.match(
        res.body,
        /name="country"[^>]*value="Deutschland" class="invalid" aria-invalid="true" aria-describedby="f-country-error">/,
      );
      assert.match(res.body, /<p class="field-error" id="f-country-error">Zwei Buchstaben nach ISO 3166, z\. B\. DE\.<\/p>/);
      assert.match(res.body, /name="city"[^>]*value="" class="invalid" aria-invalid="true" aria-describedby="f-city-error" autofocus>/);
      assert.match(res.body, /<p class="field-error" id="f-city-error">Bitte ausfüllen\.<\/p>/);
      assert.equal((res.body.match(/autofocus/g) ?? []).length, 1, 'only the first invalid field');
      assert.equal((await getOffer(ctx(), apiToken, offer.id)).status, 'awaiting_invoice_details', 'nothing changed');

      const good = await ctx().app.inject({ method: 'POST', url: `/o/${token}/invoice-details`, ...multipart(INVOICE_DETAILS) });
      assert.equal(good.statusCode, 303);
      const done = await ctx().app.inject({ method: 'GET', url: `/o/${token}?done=details` });
      assert.match(
        done.body,
        /<div class="notice" role="status" id="confirmation"><p><strong>Vielen Dank! Das Angebot ist angenommen und unterzeichnet\./,
      );
      assert.match(done.body, /<li aria-current="step">Fertig<\/li>/);
      assert.match(done.body, /Wie geht es weiter\?/);
    });
  },
  { clock },
);
