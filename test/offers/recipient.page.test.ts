// The recipient's page at /o/{token} without a browser: language, no-JavaScript forms that post
// and redirect back, the expired and not-found pages, and the security headers.
import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { describeEachEngine, ManualClock } from '../helpers/app.js';
import { publishedOffer } from './recipient-support.js';
import { getOffer } from './support.js';

const T0 = new Date('2026-06-01T10:00:00Z');
const clock = new ManualClock(T0);
const form = (fields: Record<string, string>) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describeEachEngine(
  'recipient page',
  (ctx) => {
    beforeEach(() => clock.set(T0));

    it('renders German by locale, accepts through a plain form and redirects back', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, { recipients: [{ email: 'a@example.com', firstName: 'Anna' }] });
      const token = tokens['a@example.com']!;
      const page = await ctx().app.inject({ method: 'GET', url: `/o/${token}` });
      assert.equal(page.statusCode, 200);
      assert.match(page.headers['content-type'] as string, /text\/html/);
      assert.match(page.body, /<html lang="de">/);
      assert.match(page.body, /Angebot annehmen/);
      assert.match(page.body, /Wir freuen uns über Ihr Interesse, Frau Muster\./);
      const csp = page.headers['content-security-policy'] as string;
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /script-src 'nonce-/);
      assert.doesNotMatch(page.body, /https?:\/\/(?!offerpay\.test)/, 'no third-party host');

      const missing = await ctx().app.inject({ method: 'POST', url: `/o/${token}/accept`, ...form({}) });
      assert.equal(missing.statusCode, 303);
      assert.equal(missing.headers.location, `/o/${token}?error=422&fields=consent`);
      const accepted = await ctx().app.inject({ method: 'POST', url: `/o/${token}/accept`, ...form({ consent: 'true' }) });
      assert.equal(accepted.statusCode, 303);
      assert.equal(accepted.headers.location, `/o/${token}?done=accepted`);
      assert.equal((await getOffer(ctx(), apiToken, offer.id)).status, 'awaiting_invoice_details');
      const next = await ctx().app.inject({ method: 'GET', url: `/o/${token}?done=accepted` });
      assert.match(next.body, /Rechnungsdaten senden/);
      assert.match(next.body, /<label for="f-companyName">Firma/);
    });

    it('renders English, a signature pad for e-signature, and says when the offer expired (410) or the link is unknown (404)', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const { tokens } = await publishedOffer(ctx(), apiToken, {
        locale: 'en',
        acceptanceMode: 'esignature',
        validUntil: '2026-06-02T00:00:00Z',
        recipients: [{ email: 'a@example.com' }],
      });
      const page = await ctx().app.inject({ method: 'GET', url: `/o/${tokens['a@example.com']}` });
      assert.match(page.body, /<html lang="en">/);
      assert.match(page.body, /<canvas id="pad"/);
      assert.match(page.body, /Sign electronically/);
      clock.set(new Date('2026-06-03T00:00:00Z'));
      const expired = await ctx().app.inject({ method: 'GET', url: `/o/${tokens['a@example.com']}` });
      assert.equal(expired.statusCode, 410);
      assert.match(expired.body, /This offer has expired\./);
      // The unknown link has no offer to take the language from: Accept-Language decides (English by default).
      const unknown = await ctx().app.inject({
        method: 'GET',
        url: `/o/${'y'.repeat(43)}`,
        headers: { 'accept-language': 'de-CH,de;q=0.9,en;q=0.5' },
      });
      assert.equal(unknown.statusCode, 404);
      assert.match(unknown.body, /<html lang="de">/);
      assert.match(unknown.body, /Angebot nicht gefunden/);
      const unknownEn = await ctx().app.inject({ method: 'GET', url: `/o/${'y'.repeat(43)}` });
      assert.match(unknownEn.body, /Offer not found/);
    });
  },
  { clock },
);
