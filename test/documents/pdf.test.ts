import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pdfText } from '../helpers/pdf-text.js';
import { renderPdf, type DocumentModel } from '../../src/documents/pdf.js';

// A 1×1 PNG, as a drawn signature would arrive.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

const model: DocumentModel = {
  title: 'Angebot ANG-1042: Größenänderung',
  meta: ['Gültig bis 31.12.2026', 'Müller & Söhne GmbH'],
  createdAt: new Date('2026-06-01T10:00:00Z'),
  blocks: [
    { kind: 'heading', text: 'Leistungsübersicht' },
    { kind: 'paragraph', text: 'Wir freuen uns über Ihr Interesse. Straße, Maß, Äpfel, Öl, Übung.' },
    { kind: 'table', columns: ['Position', 'Menge', 'Preis'], rows: [['Beratung (Stunden)', '10', '1.500,00 €']] },
    { kind: 'signature', name: 'Jürgen Weiß', role: 'Unterzeichner', line: 'Elektronisch unterschrieben am 02.06.2026', image: PNG },
  ],
};

describe('PDF rendering', () => {
  it('renders a PDF with an embedded font whose text keeps German umlauts', async () => {
    const pdf = await renderPdf(model);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.match(pdf.toString('latin1'), /\/FontFile2/, 'the TrueType font is embedded');
    const text = await pdfText(pdf);
    for (const phrase of ['Größenänderung', 'Müller & Söhne', 'Straße, Maß, Äpfel, Öl, Übung', 'Jürgen Weiß', '1.500,00 €']) {
      assert.ok(text.includes(phrase), `missing "${phrase}" in:\n${text}`);
    }
  });

  it('breaks long tables across pages', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => [`Position ${i + 1}`, '1', '10,00 €']);
    const pdf = await renderPdf({ ...model, blocks: [{ kind: 'table', columns: ['Position', 'Menge', 'Preis'], rows }] });
    const pages = (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    assert.ok(pages >= 3, `expected several pages, got ${pages}`);
    assert.ok((await pdfText(pdf)).includes('Position 120'));
  });

  it('lays out a page-wide run without spaces at the content cap quickly (pdfkit alone took 54 s for it)', async () => {
    const started = Date.now();
    const pdf = await renderPdf({ ...model, blocks: [{ kind: 'paragraph', text: 'y'.repeat(250_000) }] });
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    assert.equal(
      (await pdfText(pdf)).replace(/\s+/g, '').length,
      250_000 + 'Angebot ANG-1042: GrößenänderungGültig bis 31.12.2026Müller & Söhne GmbH'.replace(/\s+/g, '').length,
    );
  });

  it('sets a table row taller than a page full width instead of running off the page', async () => {
    const long = Array.from({ length: 900 }, (_, i) => `Wort${i}`).join(' ');
    const pdf = await renderPdf({
      ...model,
      blocks: [
        {
          kind: 'table',
          columns: ['Position', 'Menge'],
          widths: [100, 395],
          rows: [
            [long, '1'],
            ['Danach', '2'],
          ],
        },
      ],
    });
    const text = await pdfText(pdf);
    assert.ok(text.includes('Wort899') && text.includes('Danach'));
  });
});
