// Document models of an offer: the offer as published, the signed offer (the same pages plus a
// signature page) and the audit trail. Plain data in, a DocumentModel out; pdf.ts does the layout.
import type { LineItem } from '../offers/contract-value.js';
import { FALLBACK_TAX_RATE } from '../organisations/profile.js';
import { formatDate, formatDateTime, langOf, type Lang } from '../platform/locale-format.js';
import type { AuditEntry, Person } from './audit-trail.js';
import { documentTexts, groupHex, plain } from './document-texts.js';
import { lineItemBlocks } from './line-table.js';
import type { Block, Cell, CellLine, DocumentModel } from './pdf-model.js';
import { footerOf, letterheadOf, type SellerInput } from './seller.js';

export { intervalText } from './intervals.js';

export interface PublishedContent {
  name?: string | null;
  sections?: string[];
  blocks?: Record<string, unknown>[];
  lineItems?: LineItem[];
  customVariables?: Record<string, string> | null;
  validUntil?: string | null;
  locale?: string;
  customer?: Record<string, unknown> | null;
  contactPerson?: Record<string, unknown> | null;
}

export interface OfferHeader {
  number: string;
  issuedAt: Date | null;
  versionHash: string | null;
}

/** What the documents show besides the published content: the seller, and the buyer's billing address once given. */
export interface DocumentContext {
  seller: SellerInput;
  invoiceDetails?: Record<string, string> | null;
}

export interface SignatureEntry extends Person {
  signedAt: Date;
  ip: string | null;
  /** The drawn signature (e-signature); null for click acceptance. */
  image: Uint8Array | null;
}

/** Cents as money text per locale: 1.234,56 EUR (de) or EUR 1,234.56 (en). Kept for pages that still use it; documents use platform/locale-format.ts. */
export function formatMoney(cents: bigint | number, currency: string, locale?: string): string {
  const german = langOf(locale) === 'de';
  const value = BigInt(cents);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / 100n).toString();
  const fraction = (abs % 100n).toString().padStart(2, '0');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, german ? '.' : ',');
  const text = german ? `${grouped},${fraction} ${currency}` : `${currency} ${grouped}.${fraction}`;
  return negative ? `-${text}` : text;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

/** Substitutes {{name}} placeholders with the offer's custom variables. */
const resolve = (text: string, vars: Record<string, string> | null | undefined) =>
  text.replace(PLACEHOLDER, (m, k: string) => vars?.[k] ?? m);

/** The length `text` has once its placeholders are filled in, computed without building it (a short text may expand a lot). */
export function resolvedLength(text: string, vars: Record<string, string> | null | undefined): number {
  let length = text.length;
  for (const m of text.matchAll(PLACEHOLDER)) {
    const value = vars?.[m[1]!];
    if (value !== undefined) length += value.length - m[0].length;
  }
  return length;
}

function blockText(block: Record<string, unknown>): { heading?: string; text?: string } {
  const pick = (...keys: string[]) => keys.map((k) => block[k]).find((v): v is string => typeof v === 'string');
  const type = String(block.type);
  if (type === 'heading' || type === 'title') return { heading: pick('text', 'title', 'content') };
  return { heading: pick('title', 'heading'), text: pick('text', 'content', 'body') };
}

/** The offer's pages as the recipient saw them when it was published: the cover text, the line items with their totals, then the terms. */
export function contentBlocks(content: PublishedContent, defaultTaxRate: number): Block[] {
  const vars = content.customVariables;
  const blocks: Block[] = [];
  for (const section of content.sections ?? []) blocks.push({ kind: 'paragraph', text: resolve(section, vars) });
  blocks.push(...lineItemBlocks(content.lineItems ?? [], defaultTaxRate, langOf(content.locale)));
  for (const block of content.blocks ?? []) {
    const { heading, text } = blockText(block);
    if (heading) blocks.push({ kind: 'heading', text: resolve(heading, vars) });
    if (text) blocks.push({ kind: 'paragraph', text: resolve(text, vars) });
  }
  return blocks;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : null);
const joined = (parts: unknown[], sep: string) => parts.map(str).filter(Boolean).join(sep);

/** The buyer's address block: the customer of the offer, and the billing address captured from the buyer. */
function addressBlock(content: PublishedContent, details: Record<string, string> | null | undefined): string[] {
  const c = content.customer ?? {};
  const d = details ?? {};
  const lines = [
    str(d.companyName) ?? str(c.companyName),
    joined([d.firstName ?? c.firstName, d.lastName ?? c.lastName], ' '),
    str(d.street),
    str(d.addressLine2),
    joined([d.zip, d.city], ' '),
    str(d.country),
    d.vatId ? `${langOf(content.locale) === 'de' ? 'USt-IdNr.' : 'VAT ID'} ${d.vatId}` : null,
  ];
  return lines.filter((l): l is string => !!l);
}

const dateOf = (value: string | null | undefined, lang: Lang) => {
  const date = value ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? formatDate(date, lang) : null;
};

function meta(content: PublishedContent, header: OfferHeader, lang: Lang): string[] {
  const t = documentTexts(lang);
  const lines = [`${t.offer} ${header.number}`];
  if (header.issuedAt) lines.push(`${t.issued}: ${formatDate(header.issuedAt, lang)}`);
  const validUntil = dateOf(content.validUntil, lang);
  if (validUntil) lines.push(`${t.validUntil}: ${validUntil}`);
  const p = content.contactPerson;
  const contact = p ? joined([joined([p.firstName, p.lastName], ' '), p.email, p.phone], ', ') : '';
  if (contact) lines.push(`${t.contact}: ${contact}`);
  return lines;
}

/** The parts every page of every document of the offer shares. */
function frame(_content: PublishedContent, header: OfferHeader, context: DocumentContext, lang: Lang) {
  const t = documentTexts(lang);
  return {
    letterhead: letterheadOf(context.seller, header.number),
    footer: footerOf(context.seller, lang),
    pageLabel: t.page,
    stamp: header.versionHash ? [`${t.version}: ${groupHex(header.versionHash)}`] : [],
    author: context.seller.profile?.displayName,
  };
}

const taxRateOf = (context: DocumentContext) => context.seller.profile?.defaultTaxRate ?? FALLBACK_TAX_RATE;

export function offerDocument(content: PublishedContent, header: OfferHeader, createdAt: Date, context: DocumentContext): DocumentModel {
  const lang = langOf(content.locale);
  return {
    ...frame(content, header, context, lang),
    title: content.name || header.number,
    meta: meta(content, header, lang),
    addressBlock: addressBlock(content, null),
    blocks: contentBlocks(content, taxRateOf(context)),
    createdAt,
  };
}

export function signedDocument(
  content: PublishedContent,
  header: OfferHeader,
  signatures: SignatureEntry[],
  createdAt: Date,
  context: DocumentContext,
): DocumentModel {
  const lang = langOf(content.locale);
  const t = documentTexts(lang);
  const base = offerDocument(content, header, createdAt, context);
  return {
    ...base,
    addressBlock: addressBlock(content, context.invoiceDetails),
    blocks: [
      ...base.blocks,
      { kind: 'pageBreak' },
      { kind: 'heading', text: t.signatures },
      { kind: 'paragraph', text: t.signaturesIntro(header.versionHash ? groupHex(header.versionHash) : '–') },
      ...signatures.map((s): Block => {
        const at = plain(formatDateTime(s.signedAt, lang));
        const say = s.image ? t.signedBy : t.acceptedBy;
        return {
          kind: 'signature',
          name: `${s.name} <${s.email}>`,
          role: t.roles[s.role] ?? s.role,
          line: say(s.name, at, s.ip ?? '–'),
          image: s.image,
        };
      }),
    ],
  };
}

/** Splits an address at its separators into lines of at most `max` characters, so it never wraps inside a group. */
function chunkAt(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(/(?<=[:.])/)) {
    if (line && (line + part).length > max) {
      lines.push(line);
      line = '';
    }
    line += part;
  }
  return [...lines, line];
}

/** A long e-mail address breaks before its @ (a column fits about 20 characters), never inside a word. */
const emailLines = (email: string) =>
  email.length > 20 && email.indexOf('@') > 0 ? [email.slice(0, email.indexOf('@')), email.slice(email.indexOf('@'))] : [email];

function auditRow(e: AuditEntry, lang: Lang, sellerName: string): Cell[] {
  const t = documentTexts(lang);
  const iso = e.at.toISOString();
  const who: CellLine[] =
    e.actor.role === 'seller'
      ? [{ text: sellerName, bold: true }, { text: 'Offers API' }]
      : e.actor.role === 'system'
        ? [{ text: 'offerpay', bold: true }]
        : [{ text: e.actor.name, bold: true }, ...(e.actor.email ? emailLines(e.actor.email).map((text) => ({ text })) : [])];
  who.push({ text: `(${t.roles[e.actor.role] ?? e.actor.role})`, muted: true });
  // A list (recipientIds) names its key once, above its first value.
  const details: CellLine[] = e.details.flatMap((d, i): CellLine[] => [
    ...(e.details[i - 1]?.key === d.key ? [] : [{ text: `${d.key}:`, muted: true }]),
    d.kind === 'text' ? { text: d.value } : { text: d.kind === 'hash' ? groupHex(d.value) : d.value, mono: true },
  ]);
  return [
    [{ text: iso.slice(0, 10) }, { text: `${iso.slice(11, 19)} UTC` }],
    // The widest event name (offer.invoice_details_captured) fits the column on one line.
    [{ text: e.type, mono: true }],
    who,
    [
      ...(e.ip ? chunkAt(e.ip, 23).map((text) => ({ text, mono: true })) : [{ text: '–' }]),
      ...(e.userAgent ? [{ text: e.userAgent, muted: true }] : []),
    ],
    details.length ? details : '–',
  ];
}

export function auditLogDocument(
  content: PublishedContent,
  header: OfferHeader,
  entries: AuditEntry[],
  extra: { signedDocumentSha256: string | null },
  createdAt: Date,
  context: DocumentContext,
): DocumentModel {
  const lang = langOf(content.locale);
  const t = documentTexts(lang);
  const base = frame(content, header, context, lang);
  return {
    ...base,
    title: t.auditTitle(header.number),
    meta: [content.name ?? '', t.allUtc].filter(Boolean),
    // The signed document and the version it signed identify every page of the trail.
    stamp: [
      ...(extra.signedDocumentSha256 ? [`${t.signedDocument}: ${groupHex(extra.signedDocumentSha256)}`] : []),
      `${t.signedVersion}: ${header.versionHash ? groupHex(header.versionHash) : '–'}`,
    ],
    createdAt,
    blocks: [
      {
        kind: 'table',
        columns: t.auditColumns,
        widths: [54, 116, 92, 90, 143],
        fontSize: 7,
        rows: entries.map((e) => auditRow(e, lang, base.letterhead.name)),
      },
    ],
  };
}
