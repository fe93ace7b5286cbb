// The document model pdf.ts lays out: plain, structured-clonable data (it crosses to the render
// worker), built by the contexts that own the content.

/** One line of a table cell; a cell given as a string is one regular line. */
export interface CellLine {
  text: string;
  /** Monospaced: hashes and ids, chunked by their builder so that they wrap between groups only. */
  mono?: boolean;
  bold?: boolean;
  muted?: boolean;
}

export type Cell = string | CellLine[];

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'table'; columns: string[]; rows: Cell[][]; widths?: number[]; align?: ('left' | 'right')[]; fontSize?: number }
  /** Label/amount pairs set flush right under a table (net, VAT per rate, gross). */
  | { kind: 'totals'; caption: string; rows: { label: string; value: string; strong?: boolean }[] }
  /** `line` says how and when the person signed or accepted; `image` is the drawn signature, if any. */
  | { kind: 'signature'; name: string; role: string; line: string; image?: Uint8Array | null }
  | { kind: 'pageBreak' };

/** Who sells, at the head of the first page: the logo (PNG or JPEG) or else the name, and the contact lines. */
export interface Letterhead {
  name: string;
  lines: string[];
  logo?: Uint8Array | null;
}

export interface DocumentModel {
  title: string;
  /** Small lines under the title (number, dates, parties). */
  meta?: string[];
  letterhead?: Letterhead;
  /** The recipient's address, left under the letterhead as in a letter. */
  addressBlock?: string[];
  blocks: Block[];
  /** Legal details printed at the foot of every page. */
  footer?: string[];
  /** Monospaced lines at the foot of every page (hashes that identify the document). */
  stamp?: string[];
  /** Page numbering on every page, with {page} and {pages} filled in: "Seite {page} von {pages}". */
  pageLabel?: string;
  /** Fixes the PDF's creation date so the same model renders to the same bytes. */
  createdAt: Date;
  author?: string;
}
