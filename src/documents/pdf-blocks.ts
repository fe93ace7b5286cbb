// Layout of the blocks of a document model: headings, paragraphs, tables (breaking across pages,
// with the header row repeated), totals and signatures.
import type { Block, Cell, CellLine } from './pdf-model.js';

export const MARGIN = 50;
const PAD = 3;

const linesOf = (cell: Cell): CellLine[] => (typeof cell === 'string' ? [{ text: cell }] : cell);

function font(doc: PDFKit.PDFDocument, line: CellLine, header: boolean, size: number): void {
  doc
    .font(line.mono ? 'mono' : line.bold || header ? 'bold' : 'regular')
    .fontSize(line.mono ? size - 1 : size)
    .fillColor(line.muted ? '#555555' : '#000000');
}

function cellHeight(doc: PDFKit.PDFDocument, cell: Cell, width: number, header: boolean, size: number): number {
  let height = 0;
  for (const line of linesOf(cell)) {
    font(doc, line, header, size);
    height += doc.heightOfString(line.text || ' ', { width });
  }
  return height;
}

function table(doc: PDFKit.PDFDocument, block: Extract<Block, { kind: 'table' }>): void {
  const width = doc.page.width - 2 * MARGIN;
  const widths = block.widths ?? block.columns.map(() => width / block.columns.length);
  const size = block.fontSize ?? 9;
  const measure = (cells: Cell[], header: boolean) =>
    Math.max(...cells.map((cell, i) => cellHeight(doc, cell, widths[i]! - 2 * PAD, header, size)), 12) + 2 * PAD;
  const draw = (cells: Cell[], header: boolean, height: number) => {
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      let y = top + PAD;
      for (const line of linesOf(cell)) {
        font(doc, line, header, size);
        doc.text(line.text, x + PAD, y, { width: widths[i]! - 2 * PAD, align: block.align?.[i] ?? 'left' });
        y = doc.y;
      }
      x += widths[i]!;
    });
    doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + width, top + height)
      .strokeColor('#cccccc')
      .stroke();
    doc.fillColor('#000000');
    doc.x = MARGIN;
    doc.y = top + height;
  };
  const fits = (height: number) => doc.y + height <= doc.page.height - doc.page.margins.bottom;
  const headerHeight = measure(block.columns, true);
  if (!fits(headerHeight + (block.rows[0] ? measure(block.rows[0], false) : 0))) doc.addPage();
  draw(block.columns, true, headerHeight);
  const usable = doc.page.height - doc.page.margins.top - doc.page.margins.bottom - headerHeight;
  for (const cells of block.rows) {
    const height = measure(cells, false);
    // A row taller than a page (a line item with a very long description) is set full width, cell
    // after cell, flowing over pages like a paragraph, instead of running off the page.
    if (height > usable) {
      flowRow(doc, cells, size);
      continue;
    }
    // A row that does not fit starts a new page, under the header row again.
    if (!fits(height)) {
      doc.addPage();
      draw(block.columns, true, headerHeight);
    }
    draw(cells, false, height);
  }
  doc.moveDown();
}

function flowRow(doc: PDFKit.PDFDocument, cells: Cell[], size: number): void {
  const width = doc.page.width - 2 * MARGIN;
  for (const cell of cells)
    for (const line of linesOf(cell)) {
      font(doc, line, false, size);
      doc.text(line.text, MARGIN + PAD, doc.y, { width: width - 2 * PAD });
    }
  doc.moveDown(0.3);
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + width, doc.y)
    .strokeColor('#cccccc')
    .stroke();
  doc.fillColor('#000000');
  doc.x = MARGIN;
  doc.moveDown(0.3);
}

function totals(doc: PDFKit.PDFDocument, block: Extract<Block, { kind: 'totals' }>): void {
  const width = 260;
  const x = doc.page.width - MARGIN - width;
  const needed = (block.rows.length + 1) * 13 + 6;
  if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.font('bold').fontSize(9).text(block.caption, x, doc.y, { width });
  for (const r of block.rows) {
    const top = doc.y;
    doc.font(r.strong ? 'bold' : 'regular').fontSize(9);
    doc.text(r.label, x, top, { width: 150 });
    const labelBottom = doc.y;
    doc.text(r.value, x + 150, top, { width: width - 150, align: 'right' });
    doc.y = Math.max(labelBottom, doc.y);
  }
  doc.x = MARGIN;
  doc.moveDown();
}

function signature(doc: PDFKit.PDFDocument, block: Extract<Block, { kind: 'signature' }>): void {
  const width = doc.page.width - 2 * MARGIN;
  if (doc.y + 120 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const top = doc.y;
  if (block.image) doc.image(Buffer.from(block.image), MARGIN, top, { fit: [200, 60] });
  doc
    .moveTo(MARGIN, top + 64)
    .lineTo(MARGIN + 220, top + 64)
    .strokeColor('#000000')
    .stroke();
  doc
    .font('bold')
    .fontSize(10)
    .text(block.name, MARGIN, top + 68, { width });
  doc.font('regular').fontSize(9).text(block.role, { width });
  doc.text(block.line, { width });
  doc.x = MARGIN;
  doc.moveDown();
}

/**
 * Breaks a run of 60+ characters without a space into lines of 60. pdfkit wraps a word wider than
 * the page character by character, which is quadratic: 250 KB without a space (within the content
 * cap) took 54 s to lay out, near the render's time limit; split first, it takes well under a second.
 */
const unbroken = (text: string) => text.replace(/\S{61,}/g, (run) => run.match(/\S{1,60}/g)!.join('\n'));

export function renderBlock(doc: PDFKit.PDFDocument, block: Block): void {
  switch (block.kind) {
    case 'heading':
      doc.moveDown(0.5).font('bold').fontSize(13).fillColor('#000000').text(unbroken(block.text)).moveDown(0.3);
      return;
    case 'paragraph':
      doc.font('regular').fontSize(10).fillColor('#000000').text(unbroken(block.text), { align: 'left' }).moveDown(0.5);
      return;
    case 'table':
      table(doc, block);
      return;
    case 'totals':
      totals(doc, block);
      return;
    case 'signature':
      signature(doc, block);
      return;
    case 'pageBreak':
      doc.addPage();
      return;
  }
}
