// The three documents of an offer, read back as text: letterhead and legal footer from the profile,
// the buyer's address, dates and amounts in the offer's locale, the line table with its totals,
// "Page n of m" and the version hash on every page, the click-acceptance line, and an audit trail
// that credits each event to whoever did it — on both engines, in German and in English.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachEngine, ManualClock } from '../helpers/app.js';
import { pdfText } from '../helpers/pdf-text.js';
import { BUYER_IP, COUNTERSIGNER_IP, grouped, logoPng, offerPdfs, pages } from './documents-support.js';

const clock = new ManualClock();

const has = (text: string, needle: string) => assert.ok(text.includes(needle), `missing "${needle}" in:\n${text}`);

/** Every page says which page it is of how many, and carries the given stamp lines. */
function everyPage(all: string[], label: (n: number, of: number) => string, stamps: string[]) {
  all.forEach((page, i) => {
    has(page, label(i + 1, all.length));
    for (const stamp of stamps) has(page, stamp);
  });
}

const EXPECTED = {
  de: {
    page: (n: number, of: number) => `Seite ${n} von ${of}`,
    dates: ['Datum: 20.01.2027', 'Gültig bis: 31.01.2027'],
    amounts: ['1.500,00 €', '13.500,00 €', '3.100,00 €', '49,99 €', '99,98 €', '10 %', '7 %', '19 %'],
    totals: [
      'Zwischensumme 18.100,00 €',
      'Rabatt -1.500,00 €',
      'Netto 16.600,00 €',
      'USt. 19 % (13.500,00 €) 2.565,00 €',
      'USt. 7 % (3.100,00 €) 217,00 €',
      'Gesamt (brutto) 19.382,00 €',
      'Summen (pro Monat)',
      'USt. 19 % 19,00 €',
      'Gesamt (brutto) 118,98 €',
    ],
    footer: ['USt-IdNr. DE123456789 · Amtsgericht München, HRB 123456', 'IBAN DE89370400440532013000'],
    accepted: `Elektronisch angenommen von Jürgen Weiß am 20.01.2027, 14:07 UTC von IP ${BUYER_IP}`,
    signedByBuyer: `Elektronisch unterschrieben von Jürgen Weiß am 20.01.2027, 14:07 UTC von IP ${BUYER_IP}`,
    signed: `Elektronisch unterschrieben von Clara Chef am 20.01.2027, 14:08 UTC von IP ${COUNTERSIGNER_IP}`,
    version: 'Version (SHA-256):',
    signedDoc: 'Signiertes Dokument (SHA-256):',
    seller: '(Verkäufer)',
    signer: '(Unterzeichner)',
    countersigner: '(Gegenzeichner)',
  },
  en: {
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    dates: ['Date: January 20, 2027', 'Valid until: January 31, 2027'],
    amounts: ['€1,500.00', '€13,500.00', '€3,100.00', '€49.99', '€99.98', '10%', '7%', '19%'],
    totals: [
      'Subtotal €18,100.00',
      'Discount -€1,500.00',
      'Net €16,600.00',
      'VAT 19% (€13,500.00) €2,565.00',
      'VAT 7% (€3,100.00) €217.00',
      'Total (gross) €19,382.00',
      'Totals (per month)',
      'VAT 19% €19.00',
      'Total (gross) €118.98',
    ],
    footer: ['VAT ID DE123456789 · Amtsgericht München, HRB 123456', 'IBAN DE89370400440532013000'],
    accepted: `Accepted electronically by Jürgen Weiß on January 20, 2027 at 02:07 PM UTC from IP ${BUYER_IP}`,
    signedByBuyer: `Signed electronically by Jürgen Weiß on January 20, 2027 at 02:07 PM UTC from IP ${BUYER_IP}`,
    signed: `Signed electronically by Clara Chef on January 20, 2027 at 02:08 PM UTC from IP ${COUNTERSIGNER_IP}`,
    version: 'Version (SHA-256):',
    signedDoc: 'Signed document (SHA-256):',
    seller: '(Seller)',
    signer: '(Signer)',
    countersigner: '(Countersigner)',
  },
};

describeEachEngine(
  'offer documents as text',
  (ctx) => {
    for (const lang of ['de', 'en'] as const) {
      const x = EXPECTED[lang];

      it(`${lang}: offer, signed PDF and audit trail of a click acceptance`, async () => {
        const pdfs = await offerPdfs(ctx(), clock, { lang, mode: 'click' });
        const version = `${x.version} ${grouped(pdfs.versionHash)}`;

        const offer = pages(await pdfText(pdfs.offer));
        const first = offer[0]!;
        for (const needle of ['Muster Software GmbH', 'Marienplatz 8', '80331 München', 'info@muster.example', '+49 89 123456'])
          has(first, needle);
        for (const needle of ['Müller & Söhne GmbH', 'Jürgen Weiß', ...x.dates, 'Anna Verkauf, anna@muster.example, +49 89 555'])
          has(first, needle);
        const all = offer.join('\n');
        for (const needle of [
          ...x.amounts,
          ...x.totals,
          'Wir freuen uns über Ihr Interesse, Frau Muster.',
          'Zahlbar innerhalb von 14 Tagen.',
        ])
          has(all, needle);
        // The totals stand above the terms.
        assert.ok(all.indexOf(x.totals[0]!) < all.indexOf('Zahlbar innerhalb'), 'totals above the terms');
        everyPage(offer, x.page, [version, ...x.footer]);
        // The offer PDF is the published version, sent to every recipient: no billing address captured later.
        assert.ok(!all.includes('Hauptstraße 1'));

        const signed = pages(await pdfText(pdfs.signed));
        assert.ok(signed.length >= 2, 'a signature page after the offer');
        everyPage(signed, x.page, [version, ...x.footer]);
        // The buyer's billing address, as captured.
        for (const needle of ['Hauptstraße 1', '10115 Berlin']) has(signed[0]!, needle);
        has(signed.at(-1)!, x.accepted);
        has(signed.at(-1)!, 'Jürgen Weiß <juergen@mueller.example>');

        const audit = pages(await pdfText(pdfs.audit));
        everyPage(audit, x.page, [`${x.signedDoc} ${grouped(pdfs.signedSha256)}`, grouped(pdfs.versionHash), ...x.footer]);
        const trail = audit.join('\n');
        for (const needle of [
          'offer.created',
          'offer.published',
          'recipient.viewed',
          'offer.accepted',
          'offer.invoice_details_captured',
          'offer.signed',
        ])
          assert.match(trail, new RegExp(`UTC\\n${needle.replace('.', '\\.')}\\s`), needle);
        has(trail, '2027-01-20\n14:06:09 UTC');
        has(trail, BUYER_IP);
        has(
          trail.replace(/\s+/g, ' '),
          'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        );
        // Hashes and ids wrap between groups only: each group of 16 stays whole on its line.
        has(trail, grouped(pdfs.versionHash).slice(0, 33));
      });

      it(`${lang}: e-signature with a countersigner: drawn signatures, and each event credited to who did it`, async () => {
        const pdfs = await offerPdfs(ctx(), clock, { lang, mode: 'esignature' });
        const signed = pages(await pdfText(pdfs.signed)).join('\n');
        has(signed, x.signed);
        has(signed, x.signedByBuyer);
        const rows = auditRows(pages(await pdfText(pdfs.audit)).join('\n')).map((r) => r.replace(/\s+/g, ' '));
        const row = (event: string) => rows.find((r) => r.startsWith(event))!;
        // The seller added the countersigner: the seller did it, not the recipient the event names.
        assert.ok(
          row('recipient.added').startsWith(`recipient.added Muster Software GmbH Offers API ${x.seller} – `),
          row('recipient.added'),
        );
        // The countersigner's signature completed the signing: credited to her, from her IP.
        has(row('offer.signing_completed'), `Clara Chef clara@muster.example ${x.countersigner} ${COUNTERSIGNER_IP}`);
        has(row('recipient.viewed'), `Jürgen Weiß juergen @mueller.example ${x.signer} ${BUYER_IP}`);
        has(row('offer.published'), `Muster Software GmbH Offers API ${x.seller}`);
      });
    }

    it('a logo from the profile heads the letterhead; an unreadable one falls back to the name', async () => {
      const withLogo = await offerPdfs(ctx(), clock, { lang: 'de', mode: 'click', logo: logoPng() });
      assert.match(withLogo.offer.toString('latin1'), /\/Subtype \/Image/, 'the logo is drawn');
      has(pages(await pdfText(withLogo.offer))[0]!, 'Muster Software GmbH');
      const broken = await offerPdfs(ctx(), clock, { lang: 'de', mode: 'click', logo: 'broken' });
      assert.doesNotMatch(broken.offer.toString('latin1'), /\/Subtype \/Image/);
      has(pages(await pdfText(broken.offer))[0]!, 'Muster Software GmbH');
    });
  },
  { clock },
);

/** The audit trail cut into rows, each starting at its event (the row's time is the two lines before it). */
function auditRows(text: string): string[] {
  return text.split(/\n\d{4}-\d{2}-\d{2}\n\d{2}:\d{2}:\d{2} UTC\n/).slice(1);
}
