// The words of the PDFs in German and English; dates and amounts come from platform/locale-format.ts.
import type { Lang } from '../platform/locale-format.js';

const de = {
  offer: 'Angebot',
  issued: 'Datum',
  validUntil: 'Gültig bis',
  customer: 'Kunde',
  contact: 'Ihr Ansprechpartner',
  version: 'Version (SHA-256)',
  page: 'Seite {page} von {pages}',
  lineItems: 'Positionen',
  columns: ['Position', 'Menge', 'Einzelpreis', 'Rabatt', 'Netto', 'USt.'],
  flat: 'pauschal',
  totals: 'Summen',
  net: 'Netto',
  discount: 'Rabatt',
  subtotal: 'Zwischensumme',
  vat: (rate: string) => `USt. ${rate}`,
  gross: 'Gesamt (brutto)',
  signatures: 'Unterschriften',
  signaturesIntro: (hash: string) =>
    `Alle Zeiten in UTC. Unterzeichnet bzw. angenommen wurde die veröffentlichte Version mit dem SHA-256 ${hash}.`,
  roles: {
    sign: 'Unterzeichner',
    countersigner: 'Gegenzeichner',
    read: 'Leser',
    seller: 'Verkäufer',
    approver: 'Freigabe',
    system: 'System',
  } as Record<string, string>,
  signedBy: (name: string, at: string, ip: string) => `Elektronisch unterschrieben von ${name} am ${at} von IP ${ip}`,
  acceptedBy: (name: string, at: string, ip: string) => `Elektronisch angenommen von ${name} am ${at} von IP ${ip}`,
  auditTitle: (n: string) => `Prüfprotokoll ${n}`,
  signedVersion: 'Version (SHA-256 des veröffentlichten Inhalts)',
  signedDocument: 'Signiertes Dokument (SHA-256)',
  allUtc: 'Alle Zeiten in UTC.',
  auditColumns: ['Zeit (UTC)', 'Ereignis', 'Wer (Rolle)', 'IP / User-Agent', 'Details'],
  vatId: 'USt-IdNr.',
  bank: 'Bank',
  recipientAddress: 'Rechnungsanschrift',
};

type Texts = typeof de;

const en: Texts = {
  offer: 'Offer',
  issued: 'Date',
  validUntil: 'Valid until',
  customer: 'Customer',
  contact: 'Your contact',
  version: 'Version (SHA-256)',
  page: 'Page {page} of {pages}',
  lineItems: 'Line items',
  columns: ['Item', 'Quantity', 'Unit price', 'Discount', 'Net', 'Tax'],
  flat: 'flat fee',
  totals: 'Totals',
  net: 'Net',
  discount: 'Discount',
  subtotal: 'Subtotal',
  vat: (rate: string) => `VAT ${rate}`,
  gross: 'Total (gross)',
  signatures: 'Signatures',
  signaturesIntro: (hash: string) => `All times in UTC. The published version with SHA-256 ${hash} was signed or accepted.`,
  roles: { sign: 'Signer', countersigner: 'Countersigner', read: 'Reader', seller: 'Seller', approver: 'Approver', system: 'System' },
  signedBy: (name: string, at: string, ip: string) => `Signed electronically by ${name} on ${at} from IP ${ip}`,
  acceptedBy: (name: string, at: string, ip: string) => `Accepted electronically by ${name} on ${at} from IP ${ip}`,
  auditTitle: (n: string) => `Audit trail ${n}`,
  signedVersion: 'Version (SHA-256 of the published content)',
  signedDocument: 'Signed document (SHA-256)',
  allUtc: 'All times in UTC.',
  auditColumns: ['Time (UTC)', 'Event', 'Who (role)', 'IP / user agent', 'Details'],
  vatId: 'VAT ID',
  bank: 'Bank',
  recipientAddress: 'Billing address',
};

export const documentTexts = (lang: Lang): Texts => (lang === 'de' ? de : en);

/** Intl's narrow no-break space (en: "2:05 PM") reads like a space; a plain one keeps PDF text searchable. */
export const plain = (text: string) => text.replace(/\u202f/g, ' ');

/** A hex hash in groups of 16, so it wraps between groups and never inside one. */
export const groupHex = (hex: string) => hex.match(/.{1,16}/g)?.join(' ') ?? hex;
