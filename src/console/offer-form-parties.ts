// Who an offer is for and who speaks for the seller: the customer and the contact person as form
// fields (the API's CustomerInput and ContactPersonInput), and the offer's locale. Every field of a
// party left empty clears it (null). Pure: no I/O.
import { blank, text } from './form-raw.js';

export const CUSTOMER_FIELDS = ['companyName', 'firstName', 'lastName', 'customerNumber', 'currencyCode', 'datevId', 'timeZone'] as const;
export const CONTACT_FIELDS = ['firstName', 'lastName', 'email', 'phone', 'position', 'website', 'linkedin', 'avatar'] as const;

export type CustomerValues = Record<(typeof CUSTOMER_FIELDS)[number], string>;
/** `id` is the stored contact person's, carried so that saving keeps it. */
export type ContactValues = Record<(typeof CONTACT_FIELDS)[number] | 'id', string>;

/** The languages the recipient page speaks (platform/locale-format.ts langOf: de…, else en). */
export const PAGE_LOCALES = ['de', 'en'] as const;

export interface PartyValues {
  locale: string;
  customer: CustomerValues;
  contactPerson: ContactValues;
}

const emptyOf = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, ''])) as Record<K, string>;
export const emptyParties = (): PartyValues => ({
  locale: 'de',
  customer: emptyOf(CUSTOMER_FIELDS),
  contactPerson: emptyOf([...CONTACT_FIELDS, 'id']),
});

export function parseParties(raw: Record<string, unknown>): PartyValues {
  const read = <K extends string>(prefix: string, keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, text(raw, `${prefix}.${k}`)])) as Record<K, string>;
  return {
    locale: text(raw, 'locale'),
    customer: read('customer', CUSTOMER_FIELDS),
    contactPerson: read('contactPerson', [...CONTACT_FIELDS, 'id']),
  };
}

type Stored = Record<string, unknown> | null | undefined;
const str = (v: unknown) => (typeof v === 'string' ? v : '');

export function partiesFrom(source: { locale?: string | null; customer?: Stored; contactPerson?: Stored }): PartyValues {
  const fill = <K extends string>(keys: readonly K[], stored: Stored) =>
    Object.fromEntries(keys.map((k) => [k, str(stored?.[k])])) as Record<K, string>;
  return {
    locale: source.locale ?? 'de',
    customer: fill(CUSTOMER_FIELDS, source.customer),
    contactPerson: fill([...CONTACT_FIELDS, 'id'], source.contactPerson),
  };
}

const orNull = (s: string) => (blank(s) ? null : s.trim());

/** The API's `customer`: null when every field is empty; an empty number, currency or zone is left to the API. */
export function customerBody(c: CustomerValues): Record<string, unknown> | null {
  if (CUSTOMER_FIELDS.every((k) => blank(c[k]))) return null;
  return {
    ...(blank(c.customerNumber) ? {} : { customerNumber: c.customerNumber.trim() }),
    firstName: orNull(c.firstName),
    lastName: orNull(c.lastName),
    companyName: orNull(c.companyName),
    ...(blank(c.currencyCode) ? {} : { currencyCode: c.currencyCode.trim().toUpperCase() }),
    datevId: orNull(c.datevId),
    ...(blank(c.timeZone) ? {} : { timeZone: c.timeZone.trim() }),
  };
}

/** The API's `contactPerson`: null when every field is empty. */
export function contactBody(p: ContactValues): Record<string, unknown> | null {
  if (CONTACT_FIELDS.every((k) => blank(p[k]))) return null;
  return {
    ...(blank(p.id) ? {} : { id: p.id.trim() }),
    firstName: p.firstName.trim(),
    lastName: p.lastName.trim(),
    email: p.email.trim(),
    phone: orNull(p.phone),
    position: orNull(p.position),
    website: orNull(p.website),
    linkedin: orNull(p.linkedin),
    avatar: orNull(p.avatar),
  };
}
