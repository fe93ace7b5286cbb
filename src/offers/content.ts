// What an offer says: the editable columns an input sets, the customer and contact person it names,
// and the content the version hash covers. Pure: no I/O.
import crypto from 'node:crypto';
import { percentProblem } from '../organisations/profile-rules.js';
import { AppError, type Violation } from '../platform/errors.js';
import { contractValue, type LineItem } from './contract-value.js';
import type { OfferRow, OfferWrite } from './repository.js';
import type { ContactPersonInputT, CustomerInputT, UpdateOfferInput } from './schemas.js';

export function customerOf(
  input: CustomerInputT | null | undefined,
  previous: Record<string, unknown> | null,
): Record<string, unknown> | null {
  if (!input) return null;
  return {
    id: (previous?.id as string | undefined) ?? crypto.randomUUID(),
    customerNumber:
      input.customerNumber ?? (previous?.customerNumber as string | undefined) ?? `CUS-${crypto.randomUUID().slice(0, 8).toUpperCase()}`,
    timeZone: input.timeZone ?? 'Europe/Berlin',
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    currencyCode: input.currencyCode ?? 'EUR',
    companyName: input.companyName ?? null,
    datevId: input.datevId ?? null,
    status: 'STATUS_ACTIVE',
  };
}

export function contactPersonOf(input: ContactPersonInputT | null | undefined): Record<string, unknown> | null {
  if (!input) return null;
  return {
    id: input.id ?? crypto.randomUUID(),
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    avatar: input.avatar ?? null,
    phone: input.phone ?? null,
    linkedin: input.linkedin ?? null,
    position: input.position ?? null,
    website: input.website ?? null,
  };
}

function parseDate(value: string, propertyPath: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new AppError('unprocessable', 'The request body is invalid.', [
      { propertyPath, message: 'This value is not a valid date-time.' },
    ]);
  return date;
}

/** The fields the version hash covers: what a recipient sees. */
export function contentOf(
  row: Pick<
    OfferRow,
    | 'name'
    | 'sections'
    | 'blocks'
    | 'line_items'
    | 'custom_variables'
    | 'acceptance_mode'
    | 'valid_until'
    | 'deal_type'
    | 'locale'
    | 'customer'
    | 'contact_person'
    | 'auto_activate_subscription'
  >,
) {
  return {
    name: row.name,
    sections: row.sections,
    blocks: row.blocks,
    lineItems: row.line_items,
    customVariables: row.custom_variables,
    acceptanceMode: row.acceptance_mode,
    validUntil: row.valid_until?.toISOString() ?? null,
    dealType: row.deal_type,
    locale: row.locale,
    customer: row.customer ? { ...row.customer, id: undefined } : null,
    contactPerson: row.contact_person,
    autoActivateSubscription: row.auto_activate_subscription,
  };
}

/**
 * Percentages the schema cannot check: at most two decimals (ajv's multipleOf is unreliable for
 * decimals). Mixed currencies are refused too. Shared by offers and templates.
 */
export function checkLineItems(items: readonly (Omit<LineItem, 'description' | 'priceType'> & { priceType: string })[]): void {
  const violations: Violation[] = [];
  for (const [i, item] of items.entries())
    for (const field of ['taxRate', 'discountPercent'] as const) {
      const value = item[field];
      const message = typeof value === 'number' ? percentProblem(value) : null;
      if (message) violations.push({ propertyPath: `lineItems[${i}].${field}`, message, code: 'invalid' });
    }
  if (violations.length > 0) throw new AppError('unprocessable', 'The request body is invalid.', violations);
  contractValue(items.map((i) => ({ ...i, description: null })) as LineItem[]);
}

/** Each line without a tax rate gets `rate`, stored in the line: later default changes leave a written offer's totals alone. */
export const withTaxRates = (items: readonly Record<string, unknown>[], rate: number) =>
  items.map((item) => (typeof item.taxRate === 'number' ? item : { ...item, taxRate: rate }));

/** `name` and `title` are aliases; both given and different is a 422. */
export function nameOf(input: { name?: string; title?: string }): string | undefined {
  if (input.name !== undefined && input.title !== undefined && input.name !== input.title) {
    throw new AppError('unprocessable', 'The request body is invalid.', [
      { propertyPath: 'title', message: 'name and title are aliases; send one of them.' },
    ]);
  }
  return input.name ?? input.title;
}

/** The editable columns an input sets (undefined = keep). */
export function editableColumns(input: UpdateOfferInput, previous: OfferRow | null): OfferWrite {
  const w: OfferWrite = {};
  const name = nameOf(input);
  if (name !== undefined) w.name = name.trim();
  if (input.sections !== undefined) w.sections = input.sections;
  if (input.blocks !== undefined) w.blocks = input.blocks;
  if (input.lineItems !== undefined) {
    checkLineItems(input.lineItems); // mixed currencies and percentages with too many decimals are refused on write
    w.line_items = input.lineItems.map((i) => ({ ...i, description: i.description ?? null }));
  }
  if (input.customVariables !== undefined) w.custom_variables = input.customVariables ?? {};
  if (input.acceptanceMode !== undefined) w.acceptance_mode = input.acceptanceMode;
  if (input.dealType !== undefined) w.deal_type = input.dealType;
  if (input.validUntil !== undefined) w.valid_until = input.validUntil === null ? null : parseDate(input.validUntil, 'validUntil');
  if (input.autoActivateSubscription !== undefined) w.auto_activate_subscription = input.autoActivateSubscription;
  if (input.locale !== undefined) w.locale = input.locale;
  if (input.customer !== undefined) w.customer = customerOf(input.customer, previous?.customer ?? null);
  if (input.contactPerson !== undefined) {
    w.contact_person = contactPersonOf(input.contactPerson);
    w.contact_person_id = (w.contact_person?.id as string | undefined) ?? null;
  }
  if (input.crmDealId !== undefined) w.crm_deal_id = input.crmDealId;
  return w;
}
