// Document models of an offer: the offer as published, the signed offer (the same pages plus a
// signature page) and the audit trail. Plain data in, a DocumentModel out; pdf.ts does the layout.
import type { LineItem } from '../offers/contract-value.js';
import type { Block, DocumentModel } from './pdf.js';

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
  issuedAt: string | null;
  versionHash: string | null;
}

export interface SignatureEntry {
  name: string;
  role: string;
  email: string;
  signedAt: string;
  image: Buffer | null;
}

export interface AuditEntry {
  at: string;
  type: string;
  actor: string;
  ip: string | null;
  userAgent: string | null;
  details: string;
}

const german = (locale: string | undefined) => (locale ?? 'de').startsWith('de');

/** Cents as money text per locale: 1.234,56 EUR (de) or EUR 1,234.56 (en). bigint math, no floats. */
export function formatMoney(cents: bigint | number, currency: string, locale?: string): string {
  const value = BigInt(cents);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / 100n).toString();
  const fraction = (abs % 100n).toString().padStart(2, '0');
  const sep = german(locale) ? '.' : ',';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  const text = german(locale) ? `${grouped},${fraction} ${currency}` : `${currency} ${grouped}.${fraction}`;
  return negative ? `-${text}` : text;
}

const INTERVAL_LABEL: Record<string, [string, string]> = {
  H: ['Stunde', 'hour'],
  D: ['Tag', 'day'],
  W: ['Woche', 'week'],
  M: ['Monat', 'month'],
  Y: ['Jahr', 'year'],
};

export function intervalText(interval: string | null, locale?: string): string {
  if (!interval) return german(locale) ? 'einmalig' : 'one-time';
  const n = Number(interval.slice(0, -1));
  const [de, en] = INTERVAL_LABEL[interval.slice(-1)] ?? ['', ''];
  if (german(locale)) return n === 1 ? `pro ${de}` : `alle ${n} ${de}e`;
  return n === 1 ? `per ${en}` : `every ${n} ${en}s`;
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

/** The offer's pages as the recipient saw them when it was published. */
export function contentBlocks(content: PublishedContent): Block[] {
  const de = german(content.locale);
  const vars = content.customVariables;
  const blocks: Block[] = [];
  for (const section of content.sections ?? []) blocks.push({ kind: 'paragraph', text: resolve(section, vars) });
  for (const block of content.blocks ?? []) {
    const { heading, text } = blockText(block);
    if (heading) blocks.push({ kind: 'heading', text: resolve(heading, vars) });
    if (text) blocks.push({ kind: 'paragraph', text: resolve(text, vars) });
  }
  const items = content.lineItems ?? [];
  if (items.length > 0) {
    blocks.push({ kind: 'heading', text: de ? 'Positionen' : 'Line items' });
    blocks.push({
      kind: 'table',
      columns: de ? ['Position', 'Menge', 'Preis', 'Betrag', 'Intervall'] : ['Item', 'Quantity', 'Price', 'Amount', 'Interval'],
      widths: [175, 55, 90, 90, 85],
      rows: items.map((i) => {
        const total = i.priceType === 'flat_fee' ? BigInt(i.unitAmountCents) : BigInt(i.unitAmountCents) * BigInt(i.quantity);
        return [
          i.description ? `${i.name}\n${i.description}` : i.name,
          String(i.quantity),
          formatMoney(i.unitAmountCents, i.currency, content.locale) + (i.priceType === 'flat_fee' ? (de ? ' (pauschal)' : ' (flat)') : ''),
          formatMoney(total, i.currency, content.locale),
          intervalText(i.interval, content.locale),
        ];
      }),
    });
  }
  return blocks;
}

function meta(content: PublishedContent, header: OfferHeader): string[] {
  const de = german(content.locale);
  const lines = [`${de ? 'Angebot' : 'Offer'} ${header.number}`];
  if (header.issuedAt) lines.push(`${de ? 'Veröffentlicht' : 'Issued'}: ${header.issuedAt}`);
  if (content.validUntil) lines.push(`${de ? 'Gültig bis' : 'Valid until'}: ${content.validUntil}`);
  const c = content.customer;
  if (c)
    lines.push(
      `${de ? 'Kunde' : 'Customer'}: ${[c.companyName, [c.firstName, c.lastName].filter(Boolean).join(' ')].filter(Boolean).join(', ')}`,
    );
  if (header.versionHash) lines.push(`${de ? 'Version' : 'Version'} (SHA-256): ${header.versionHash}`);
  return lines;
}

export function offerDocument(content: PublishedContent, header: OfferHeader, createdAt: Date): DocumentModel {
  return { title: content.name || header.number, meta: meta(content, header), blocks: contentBlocks(content), createdAt };
}

export function signedDocument(
  content: PublishedContent,
  header: OfferHeader,
  signatures: SignatureEntry[],
  createdAt: Date,
): DocumentModel {
  const de = german(content.locale);
  const roleName = (role: string) =>
    de ? (({ sign: 'Unterzeichner', countersigner: 'Gegenzeichner', read: 'Leser' } as Record<string, string>)[role] ?? role) : role;
  return {
    ...offerDocument(content, header, createdAt),
    blocks: [
      ...contentBlocks(content),
      { kind: 'pageBreak' },
      { kind: 'heading', text: de ? 'Unterschriften' : 'Signatures' },
      {
        kind: 'paragraph',
        text: de
          ? `Alle Zeiten in UTC. Unterzeichnet wurde die veröffentlichte Version mit dem SHA-256 ${header.versionHash ?? '–'}.`
          : `All times in UTC. The published version with SHA-256 ${header.versionHash ?? '–'} was signed.`,
      },
      ...signatures.map(
        (s): Block => ({ kind: 'signature', name: `${s.name} <${s.email}>`, role: roleName(s.role), signedAt: s.signedAt, image: s.image }),
      ),
    ],
  };
}

export function auditLogDocument(
  content: PublishedContent,
  header: OfferHeader,
  entries: AuditEntry[],
  extra: { signedDocumentSha256: string | null },
  createdAt: Date,
): DocumentModel {
  const de = german(content.locale);
  return {
    title: de ? `Prüfprotokoll ${header.number}` : `Audit trail ${header.number}`,
    meta: [
      content.name ?? '',
      `${de ? 'Signierte Version' : 'Signed version'} (SHA-256 ${de ? 'des veröffentlichten Inhalts' : 'of the published content'}): ${header.versionHash ?? '–'}`,
      ...(extra.signedDocumentSha256 ? [`${de ? 'Signiertes Dokument' : 'Signed document'} (SHA-256): ${extra.signedDocumentSha256}`] : []),
      de ? 'Alle Zeiten in UTC.' : 'All times in UTC.',
    ],
    createdAt,
    blocks: [
      {
        kind: 'table',
        columns: de
          ? ['Zeit (UTC)', 'Ereignis', 'Wer', 'IP / User-Agent', 'Details']
          : ['Time (UTC)', 'Event', 'Who', 'IP / user agent', 'Details'],
        widths: [85, 95, 100, 110, 105],
        rows: entries.map((e) => [e.at, e.type, e.actor, [e.ip ?? '–', e.userAgent ?? ''].filter(Boolean).join('\n'), e.details]),
      },
    ],
  };
}
