// Renders a document model to PDF with pdfkit. Models are plain data, built by the contexts that
// own the content (the offer, its signatures, its audit trail); this file knows only layout.
import { FONTS } from './fonts.js';

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; columns: string[]; rows: string[][]; widths?: number[] }
  | { kind: 'signature'; name: string; role: string; signedAt: string; image?: Buffer | null }
  | { kind: 'pageBreak' };

export interface DocumentModel {
  title: string;
  /** Small lines under the title (number, dates, parties). */
  meta?: string[];
  blocks: Block[];
  /** Fixes the PDF's creation date so the same model renders to the same bytes. */
  createdAt: Date;
  author?: string;
}

const MARGIN = 50;

export async function renderPdf(model: DocumentModel): Promise<Buffer> {
  // Loaded on first use: pdfkit costs ~0.2 s to import, which a restart should not pay.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: model.title,
      Author: model.author ?? 'offerpay',
      Producer: 'offerpay',
      Creator: 'offerpay',
      CreationDate: model.createdAt,
    },
    // Unique ids derived from content only, for reproducible output.
    pdfVersion: '1.7',
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(18).text(model.title);
  doc.moveDown(0.3);
  doc.font('regular').fontSize(9).fillColor('#555555');
  for (const line of model.meta ?? []) doc.text(line);
  doc.fillColor('#000000').moveDown();

  for (const block of model.blocks) renderBlock(doc, block);
  doc.end();
  return done;
}

function renderBlock(doc: PDFKit.PDFDocument, block: Block): void {
  const width = doc.page.width - 2 * MARGIN;
  switch (block.kind) {
    case 'heading':
      doc.moveDown(0.5).font('bold').fontSize(13).text(block.text).moveDown(0.3);
      return;
    case 'paragraph':
      doc.font('regular').fontSize(10).text(block.text, { align: 'left' }).moveDown(0.5);
      return;
    case 'table': {
      const widths = block.widths ?? block.columns.map(() => width / block.columns.length);
      const row = (cells: string[], font: 'regular' | 'bold') => {
        doc.font(font).fontSize(9);
        const heights = cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i]! - 6 }));
        const height = Math.max(...heights, 12) + 6;
        if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
        const top = doc.y;
        let x = MARGIN;
        cells.forEach((cell, i) => {
          doc.text(cell, x + 3, top + 3, { width: widths[i]! - 6 });
          x += widths[i]!;
        });
        doc
          .moveTo(MARGIN, top + height)
          .lineTo(MARGIN + width, top + height)
          .strokeColor('#cccccc')
          .stroke();
        doc.x = MARGIN;
        doc.y = top + height;
      };
      row(block.columns, 'bold');
      for (const cells of block.rows) row(cells, 'regular');
      doc.moveDown();
      return;
    }
    case 'signature': {
      if (doc.y + 110 > doc.page.height - MARGIN) doc.addPage();
      const top = doc.y;
      if (block.image) {
        doc.image(block.image, MARGIN, top, { fit: [200, 60] });
      }
      doc
        .moveTo(MARGIN, top + 64)
        .lineTo(MARGIN + 220, top + 64)
        .strokeColor('#000000')
        .stroke();
      doc
        .font('bold')
        .fontSize(10)
        .text(block.name, MARGIN, top + 68);
      doc.font('regular').fontSize(9).text(`${block.role} · ${block.signedAt}`);
      doc.x = MARGIN;
      doc.moveDown();
      return;
    }
    case 'pageBreak':
      doc.addPage();
      return;
  }
}
