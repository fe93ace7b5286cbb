// Renders a document model (pdf-model.ts) to PDF with pdfkit: the letterhead and the recipient's
// address on the first page, the blocks (pdf-blocks.ts), and on every page the footer with the legal
// details, the identifying hashes and "Page n of m". This file knows only layout.
import { FONTS } from './fonts.js';
import { MARGIN, renderBlock } from './pdf-blocks.js';
import type { DocumentModel, Letterhead } from './pdf-model.js';

export type { Block, Cell, CellLine, DocumentModel, Letterhead } from './pdf-model.js';

const FOOTER_SIZE = 7;
const STAMP_SIZE = 6.5;
const LINE = 9;

/** A PNG or JPEG by its signature: anything else is not handed to pdfkit (it would fail the render). */
export const isDrawableImage = (bytes: Uint8Array | null | undefined): bytes is Uint8Array =>
  !!bytes &&
  bytes.length > 8 &&
  ((bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) || (bytes[0] === 0xff && bytes[1] === 0xd8));

export async function renderPdf(model: DocumentModel): Promise<Buffer> {
  // Loaded on first use: pdfkit costs ~0.2 s to import, which a restart should not pay.
  const { default: PDFDocument } = await import('pdfkit');
  const footLines = (model.footer?.length ?? 0) + (model.stamp?.length ?? 0) + (model.pageLabel ? 1 : 0);
  const bottom = MARGIN + (footLines > 0 ? footLines * LINE + 8 : 0);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom },
    // Kept in memory until the end, so that every page can say how many pages there are.
    bufferPages: true,
    info: {
      Title: model.title,
      Author: model.author ?? 'offerpay',
      Producer: 'offerpay',
      Creator: 'offerpay',
      CreationDate: model.createdAt,
    },
    pdfVersion: '1.7',
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('mono', FONTS.mono);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  if (model.letterhead) letterhead(doc, model.letterhead);
  if (model.addressBlock?.length) {
    doc.font('regular').fontSize(10).fillColor('#000000');
    for (const line of model.addressBlock) doc.text(line);
    doc.moveDown(1.5);
  }
  doc.font('bold').fontSize(18).fillColor('#000000').text(model.title);
  doc.moveDown(0.3);
  doc.font('regular').fontSize(9).fillColor('#555555');
  for (const line of model.meta ?? []) doc.text(line);
  doc.fillColor('#000000').moveDown();

  for (const block of model.blocks) renderBlock(doc, block);
  footers(doc, model, bottom);
  doc.end();
  return done;
}

/** Logo (or the name when there is none, or it cannot be drawn) on the left, contact lines on the right. */
function letterhead(doc: PDFKit.PDFDocument, head: Letterhead): void {
  const top = doc.y;
  const rightWidth = 220;
  const rightX = doc.page.width - MARGIN - rightWidth;
  let leftBottom = top;
  let drawn = false;
  if (isDrawableImage(head.logo)) {
    try {
      doc.image(Buffer.from(head.logo), MARGIN, top, { fit: [180, 56] });
      leftBottom = top + 56;
      drawn = true;
    } catch {
      // An unreadable logo falls back to the name below.
    }
  }
  if (!drawn) {
    doc
      .font('bold')
      .fontSize(15)
      .text(head.name, MARGIN, top, { width: rightX - MARGIN - 20 });
    leftBottom = doc.y;
  }
  // Beside a logo the name heads the contact lines; without one it stands on the left already.
  doc.y = top;
  if (drawn) doc.font('bold').fontSize(9).text(head.name, rightX, top, { width: rightWidth, align: 'right' });
  doc.font('regular').fontSize(8).fillColor('#444444');
  for (const line of head.lines) doc.text(line, rightX, doc.y, { width: rightWidth, align: 'right' });
  const bottom = Math.max(leftBottom, doc.y) + 24;
  doc.fillColor('#000000');
  doc.x = MARGIN;
  doc.y = bottom;
}

/** Footer, hashes and page number on every page, drawn once all pages exist. */
function footers(doc: PDFKit.PDFDocument, model: DocumentModel, bottom: number): void {
  const range = doc.bufferedPageRange();
  const width = doc.page.width - 2 * MARGIN;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // The foot lies inside the bottom margin: without this pdfkit would start a new page for it.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    let y = doc.page.height - bottom + 8;
    doc
      .moveTo(MARGIN, y - 4)
      .lineTo(MARGIN + width, y - 4)
      .strokeColor('#cccccc')
      .stroke();
    if (model.pageLabel) {
      const label = model.pageLabel.replace('{page}', String(i - range.start + 1)).replace('{pages}', String(range.count));
      doc.font('regular').fontSize(FOOTER_SIZE).fillColor('#555555').text(label, MARGIN, y, { width, align: 'right', lineBreak: false });
      y += LINE;
    }
    for (const line of model.stamp ?? []) {
      doc.font('mono').fontSize(STAMP_SIZE).fillColor('#555555').text(line, MARGIN, y, { width, lineBreak: false });
      y += LINE;
    }
    for (const line of model.footer ?? []) {
      doc.font('regular').fontSize(FOOTER_SIZE).fillColor('#555555').text(line, MARGIN, y, { width, align: 'center', lineBreak: false });
      y += LINE;
    }
    doc.fillColor('#000000');
    doc.page.margins.bottom = margin;
  }
}
