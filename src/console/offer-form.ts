// The offer and template form as data: what a submitted form says (every value kept as typed), the
// row buttons that add or remove a line, paragraph or recipient without JavaScript, and the API body
// the values make. Field names are the API's property paths, so a violation lands next to its field.
// Pure: no I/O.
import type { LineItem } from '../offers/contract-value.js';
import type { Violation } from '../platform/errors.js';
import type { EditorTexts } from './editor-texts.js';
import { blank, indices, text, without } from './form-raw.js';
import {
  applyContentOp,
  type ContentValues,
  contentBody,
  contentFrom,
  contentWithoutEmptyRows,
  parseContent,
} from './offer-form-content.js';
import { emptyParties, type PartyValues, parseParties, partiesFrom } from './offer-form-parties.js';

export interface LineValues {
  name: string;
  description: string;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  discount: string;
  interval: string;
  priceType: string;
}

export interface RecipientValues {
  firstName: string;
  lastName: string;
  email: string;
  role: string;
}

export interface FormValues extends ContentValues, PartyValues {
  name: string;
  /** yyyy-mm-dd (offers) */
  validUntil: string;
  acceptanceMode: string;
  dealType: string;
  currency: string;
  sections: string[];
  lines: LineValues[];
  /** Only on a new offer (an open offer's recipients change one by one). */
  recipients: RecipientValues[];
  /** The template a new offer starts from. */
  offerTemplateId: string;
  /** Templates only. */
  title: string;
  validForDays: string;
}

export const emptyLine = (): LineValues => ({
  name: '',
  description: '',
  quantity: '1',
  unitPrice: '',
  taxRate: '',
  discount: '',
  interval: '',
  priceType: 'per_unit',
});
export const emptyRecipient = (): RecipientValues => ({ firstName: '', lastName: '', email: '', role: 'sign' });

export const emptyForm = (): FormValues => ({
  name: '',
  validUntil: '',
  acceptanceMode: 'click',
  dealType: 'new_business',
  currency: 'EUR',
  sections: [],
  lines: [],
  recipients: [],
  offerTemplateId: '',
  title: '',
  validForDays: '',
  blocks: [],
  variables: [],
  ...emptyParties(),
});

/** A submitted form, every value as typed. */
export function parseForm(raw: Record<string, unknown>): FormValues {
  const lineKeys: (keyof LineValues)[] = ['name', 'description', 'quantity', 'unitPrice', 'taxRate', 'discount', 'interval', 'priceType'];
  const recipientKeys: (keyof RecipientValues)[] = ['firstName', 'lastName', 'email', 'role'];
  return {
    name: text(raw, 'name'),
    validUntil: text(raw, 'validUntil'),
    acceptanceMode: text(raw, 'acceptanceMode'),
    dealType: text(raw, 'dealType'),
    currency: text(raw, 'currency'),
    sections: indices(raw, 'sections').map((i) => text(raw, `sections[${i}]`)),
    lines: indices(raw, 'lineItems').map(
      (i) => Object.fromEntries(lineKeys.map((k) => [k, text(raw, `lineItems[${i}].${k}`)])) as unknown as LineValues,
    ),
    recipients: indices(raw, 'recipients').map(
      (i) => Object.fromEntries(recipientKeys.map((k) => [k, text(raw, `recipients[${i}].${k}`)])) as unknown as RecipientValues,
    ),
    offerTemplateId: text(raw, 'offerTemplateId'),
    title: text(raw, 'title'),
    validForDays: text(raw, 'validForDays'),
    ...parseContent(raw),
    ...parseParties(raw),
  };
}

/** A row button (`_op`): add or remove a row and show the form again; null for anything else. */
export function applyOp(values: FormValues, op: unknown): FormValues | null {
  if (typeof op !== 'string') return null;
  const [verb, at = ''] = op.split(':');
  switch (verb) {
    case 'add-line':
      return { ...values, lines: [...values.lines, emptyLine()] };
    case 'remove-line':
      return { ...values, lines: without(values.lines, at) };
    case 'add-section':
      return { ...values, sections: [...values.sections, ''] };
    case 'remove-section':
      return { ...values, sections: without(values.sections, at) };
    case 'add-recipient':
      return { ...values, recipients: [...values.recipients, emptyRecipient()] };
    case 'remove-recipient':
      return { ...values, recipients: without(values.recipients, at) };
    default: {
      const content = applyContentOp(values, verb ?? '', at);
      return content && { ...values, ...content };
    }
  }
}

const num = (s: string) => s.trim().replace(',', '.');

/** "1.250,00", "1250.5", "1250" → cents; null when it is no amount. */
export function centsOf(input: string): number | null {
  let s = input.trim().replace(/\s/g, '');
  // A decimal comma, with dots or apostrophes grouping thousands (1.250,00) — or a decimal point.
  if (/,\d{1,2}$/.test(s)) s = s.replace(/[.']/g, '').replace(',', '.');
  else s = s.replace(/[,']/g, '');
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export const amountOf = (cents: number): string => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

export interface BodyParts {
  sections: string[];
  lineItems: Record<string, unknown>[];
  recipients: Record<string, unknown>[];
  blocks: Record<string, unknown>[];
  customVariables: Record<string, string>;
  /** Values the form could not read as numbers, by field. */
  problems: Violation[];
}

/** The rows as the API's arrays, numbers parsed or reported. */
export function contentOf(values: FormValues, t: EditorTexts): BodyParts {
  const problems: Violation[] = [];
  const numberAt = (path: string, s: string, message: string, integer = false): number | undefined => {
    const n = Number(num(s));
    if (!/^\d+([.,]\d+)?$/.test(s.trim()) || (integer && !Number.isInteger(n))) {
      problems.push({ propertyPath: path, message });
      return undefined;
    }
    return n;
  };
  const lineItems = values.lines.map((line, i) => {
    const at = `lineItems[${i}]`;
    const cents = centsOf(line.unitPrice);
    if (cents === null) problems.push({ propertyPath: `${at}.unitAmountCents`, message: t.amount });
    const item: Record<string, unknown> = {
      name: line.name.trim(),
      description: blank(line.description) ? null : line.description,
      quantity: numberAt(`${at}.quantity`, line.quantity, t.wholeNumber, true) ?? 0,
      unitAmountCents: cents ?? 0,
      currency: values.currency.trim().toUpperCase(),
      interval: blank(line.interval) ? null : line.interval.trim(),
      priceType: line.priceType,
      taxRate: blank(line.taxRate) ? null : (numberAt(`${at}.taxRate`, line.taxRate, t.percent) ?? 0),
    };
    if (!blank(line.discount)) item.discountPercent = numberAt(`${at}.discountPercent`, line.discount, t.percent) ?? 0;
    return item;
  });
  const recipients = values.recipients.map((r) => ({
    email: r.email.trim(),
    firstName: blank(r.firstName) ? null : r.firstName.trim(),
    lastName: blank(r.lastName) ? null : r.lastName.trim(),
    role: r.role,
  }));
  const content = contentBody(values, {
    variableKey: t.badVariableKey,
    duplicateKey: t.duplicateVariableKey,
    keptBlock: t.keptBlockInvalid,
  });
  return { sections: values.sections, lineItems, recipients, ...content, problems: [...problems, ...content.problems] };
}

/** The form without rows left entirely empty (an added line nobody filled in), so indices match the body's. */
export const withoutEmptyRows = (values: FormValues): FormValues => ({
  ...values,
  sections: values.sections.filter((s) => !blank(s)),
  lines: values.lines.filter((l) => ![l.name, l.description, l.unitPrice, l.taxRate, l.discount].every(blank)),
  recipients: values.recipients.filter((r) => ![r.firstName, r.lastName, r.email].every(blank)),
  ...contentWithoutEmptyRows(values),
});

/** A form date (yyyy-mm-dd) as the end of that day in UTC, the zone the console and the recipient page show dates in. */
export const endOfDay = (date: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(date.trim()) ? `${date.trim()}T23:59:59Z` : date.trim());

/** A stored validUntil as the form's date. */
export const dateOf = (iso: string | null | undefined): string => (iso ? new Date(iso).toISOString().slice(0, 10) : '');

/** The form field a violation belongs to ('' when it is about the whole). */
export function fieldOf(propertyPath: string): string {
  const line = /^(lineItems\[\d+\])\.(\w+)/.exec(propertyPath);
  if (line) {
    const [, at, key] = line;
    if (key === 'unitAmountCents') return `${at}.unitPrice`;
    if (key === 'discountPercent') return `${at}.discount`;
    if (key === 'currency') return 'currency';
    return `${at}.${key}`;
  }
  // A block's violation stands at its text (a kept block shows it there too), its kind's at the kind.
  const block = /^blocks\[(\d+)\](\.type$)?/.exec(propertyPath);
  if (block) return `blocks[${block[1]}].${block[2] ? 'type' : 'text'}`;
  return /^(sections\[\d+\]|recipients\[\d+\]\.\w+|customVariables\[\d+\]\.(key|value)|(customer|contactPerson)\.\w+|\w+)$/.test(
    propertyPath,
  )
    ? propertyPath
    : '';
}

interface Source {
  name?: string | null;
  title?: string | null;
  validUntil?: string | null;
  acceptanceMode?: string;
  dealType?: string;
  sections?: string[];
  /** The API's line item; a submitted body (offer-editor-routes.ts) types priceType as a plain string. */
  lineItems?: readonly (Omit<LineItem, 'priceType'> & { priceType: string })[];
  validForDays?: number | null;
  blocks?: readonly Record<string, unknown>[];
  customVariables?: Record<string, string> | null;
  locale?: string | null;
  customer?: Record<string, unknown> | null;
  contactPerson?: Record<string, unknown> | null;
}

/** The form showing an offer, a template, or what a template gives a new offer. */
export function valuesFrom(source: Source): FormValues {
  const items = source.lineItems ?? [];
  return {
    ...emptyForm(),
    name: source.name ?? '',
    title: source.title ?? '',
    validUntil: dateOf(source.validUntil),
    acceptanceMode: source.acceptanceMode ?? 'click',
    dealType: source.dealType ?? 'new_business',
    currency: items[0]?.currency ?? 'EUR',
    sections: [...(source.sections ?? [])],
    lines: items.map((i) => ({
      name: i.name,
      description: i.description ?? '',
      quantity: String(i.quantity),
      unitPrice: amountOf(i.unitAmountCents),
      taxRate: typeof i.taxRate === 'number' ? String(i.taxRate) : '',
      discount: typeof i.discountPercent === 'number' ? String(i.discountPercent) : '',
      interval: i.interval ?? '',
      priceType: i.priceType,
    })),
    validForDays: source.validForDays ? String(source.validForDays) : '',
    ...contentFrom(source),
    ...partiesFrom(source),
  };
}
