// The recipient page shows who sells, whom to ask, what each line and the whole offer cost (net, VAT
// per rate, gross, per interval), in the offer's language and number format; the step indicator; and
// the pages for an expired and a withdrawn offer.
import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { saveProfile } from '../../src/organisations/profile.js';
import { bearer, describeEachEngine, ManualClock } from '../helpers/app.js';
import { png } from '../organisations/images.js';
import { PRICED_OFFER, publishedOffer, SELLER_PROFILE } from './recipient-support.js';

const T0 = new Date('2026-06-01T10:00:00Z');
const clock = new ManualClock(T0);
/** The page's visible text: no style or script, inline links kept inline, other tags as spaces. */
const text = (html: string) =>
  html
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<\/?a[^>]*>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describeEachEngine(
  'recipient page: totals, seller, locale',
  (ctx) => {
    beforeEach(() => clock.set(T0));

    it('German: seller header, line amounts, totals per interval with VAT per rate, dates and money as in German', async () => {
      const { apiToken, organisation } = await ctx().newOrganisation('Muster');
      await saveProfile(ctx().db, organisation.id, SELLER_PROFILE);
      const { tokens } = await publishedOffer(ctx(), apiToken, {
        ...PRICED_OFFER,
        locale: 'de',
        recipients: [{ email: 'kunde@example.com', role: 'sign' }],
      });
      const page = await ctx().app.inject({ method: 'GET', url: `/o/${tokens['kunde@example.com']}` });
      assert.equal(page.statusCode, 200);
      const body = text(page.body);
      assert.match(page.body, /<header class="seller"/);
      assert.match(body, /Muster Software GmbH Marienplatz 1, 80331 München, DE USt-IdNr\. DE999999999/);
      assert.match(body, /Gültig bis 31\.01\.2027/);
      // Lines: quantity × unit; the discount; the net amount.
      assert.match(body, /Beratung 4 2\.500,00\s€ – 10\.000,00\s€ einmalig/);
      assert.match(body, /Schulung pauschal 1\.000,00\s€ −100,00\s€ \(10\s%\) 900,00\s€ einmalig/);
      assert.match(body, /Hosting 2 49,99\s€ – 99,98\s€ pro Monat/);
      // One-time: 10.900,00 net; 19 % on 10.000,00 and 7 % on 900,00; 12.863,00 gross.
      assert.match(body, /Summe einmalig Zwischensumme 11\.000,00\s€ Rabatt −100,00\s€ Nettobetrag 10\.900,00\s€/);
      assert.match(
        body,
        /USt\. 19\s% auf 10\.000,00\s€ 1\.900,00\s€ USt\. 7\s% auf 900,00\s€ 63,00\s€ Gesamtbetrag \(brutto\) 12\.863,00\s€/,
      );
      assert.match(body, /Summe pro Monat Nettobetrag 99,98\s€ USt\. 19\s% auf 99,98\s€ 19,00\s€ Gesamtbetrag \(brutto\) 118,98\s€/);
      assert.match(body, /Fragen\? Wenden Sie sich an Anna Muster \(anna@muster\.example, \+49 89 1234567\)/);
      assert.match(page.body, /href="mailto:anna@muster\.example"/);
      // Steps: review done, accept current, then invoice details and done.
      assert.match(
        page.body,
        /<nav aria-label="Fortschritt"><ol class="steps" id="steps"><li class="complete">✓ Prüfen.*<li aria-current="step">Annehmen<\/li><li>Rechnungsdaten<\/li><li>Fertig<\/li><\/ol>/,
      );
      assert.match(page.body, /<td class="n" data-label="Betrag \(netto\)">/, 'each cell names its column for the phone layout');
    });

    it("the seller's logo heads the page, served from this server", async () => {
      const { apiToken, organisation } = await ctx().newOrganisation('Logo GmbH');
      await saveProfile(ctx().db, organisation.id, SELLER_PROFILE);
      const uploaded = await ctx().app.inject({
        method: 'PUT',
        url: '/organisation/logo',
        headers: { ...bearer(apiToken), 'content-type': 'image/png' },
        payload: png(120, 40),
      });
      assert.equal(uploaded.statusCode, 200, uploaded.body);
      const { logoUrl } = JSON.parse(uploaded.body) as { logoUrl: string };
      const { tokens } = await publishedOffer(ctx(), apiToken, {
        ...PRICED_OFFER,
        recipients: [{ email: 'kunde@example.com', role: 'sign' }],
      });
      const page = await ctx().app.inject({ method: 'GET', url: `/o/${tokens['kunde@example.com']}` });
      const path = new URL(logoUrl, 'http://x').pathname;
      assert.ok(page.body.includes(`<img class="logo" src="${path}" alt=""`), 'logo in the seller header');
      const image = await ctx().app.inject({ method: 'GET', url: path });
      assert.equal(image.statusCode, 200);
      assert.equal(image.headers['content-type'], 'image/png');
    });

    it('English: the same offer in English formats; expired page names the contact person', async () => {
      const { apiToken, organisation } = await ctx().newOrganisation('Muster');
      await saveProfile(ctx().db, organisation.id, { ...SELLER_PROFILE, defaultTaxRate: null });
      const { tokens } = await publishedOffer(ctx(), apiToken, {
        ...PRICED_OFFER,
        locale: 'en',
        acceptanceMode: 'esignature',
        recipients: [{ email: 'buyer@example.com', role: 'sign' }],
      });
      const token = tokens['buyer@example.com']!;
      const body = text((await ctx().app.inject({ method: 'GET', url: `/o/${token}` })).body);
      assert.match(body, /Valid until January 31, 2027/);
      assert.match(body, /Beratung 4 €2,500.00 – €10,000.00 one-time/);
      // No default in the profile: the fallback rate (19 %) applies to lines without their own.
      assert.match(body, /VAT 19% on €10,000.00 €1,900.00 VAT 7% on €900.00 €63.00 Total \(gross\) €12,863.00/);
      assert.match(body, /Total per month Net amount €99.98 VAT 19% on €99.98 €19.00 Total \(gross\) €118.98/);
      assert.match(body, /Review.*Sign.*Invoice details.*Done/);

      clock.set(new Date('2027-02-01T00:00:00Z'));
      const expired = await ctx().app.inject({ method: 'GET', url: `/o/${token}` });
      assert.equal(expired.statusCode, 410);
      const gone = text(expired.body);
      assert.match(gone, /This offer has expired\. Plattform-Einführung It was valid until January 31, 2027\./);
      assert.match(gone, /For a new offer, please contact Anna Muster \(anna@muster\.example, \+49 89 1234567\)\./);
      assert.match(gone, /Muster Software GmbH/);
    });

    it('a withdrawn offer (signing cancelled) says so in its language, instead of "not found"', async () => {
      const { apiToken } = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, {
        locale: 'de',
        acceptanceMode: 'esignature',
        recipients: [{ email: 'kunde@example.com', role: 'sign' }],
      });
      const cancel = await ctx().app.inject({ method: 'POST', url: `/offers/${offer.id}/cancel-signing`, headers: bearer(apiToken) });
      assert.equal(cancel.statusCode, 200, cancel.body);
      const page = await ctx().app.inject({ method: 'GET', url: `/o/${tokens['kunde@example.com']}` });
      assert.equal(page.statusCode, 404);
      assert.match(page.body, /<h1 id="withdrawn">Dieses Angebot ist nicht mehr verfügbar\.<\/h1>/);
      assert.match(text(page.body), /Unterschriften darauf sind ungültig/);
    });
  },
  { clock },
);
