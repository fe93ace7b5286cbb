// The profile form ↔ the Offers API's PATCH /organisation body. The form sends every field, so the
// patch names every field too: a blank one clears it (updateProfile treats blank as null), an address
// or bank account left wholly blank is removed, and the patch is checked against the same schema as
// the API's before the same use case merges, checks and stores it.
import type { Violation } from '../platform/errors.js';
import { violationsFrom } from '../platform/classify-error.js';
import type { Lang } from '../platform/locale-format.js';
import { validatorCompiler } from '../platform/validation.js';
import { ProfilePatch, type ProfilePatchT, type ProfileReadT } from '../organisations/profile-schemas.js';

export const GROUPS = {
  company: ['legalName', 'registerEntry', 'vatId'],
  address: ['address.line1', 'address.line2', 'address.postalCode', 'address.city', 'address.country'],
  contact: ['email', 'phone', 'website'],
  bank: ['bank.accountHolder', 'bank.iban', 'bank.bic', 'bank.bankName'],
  taxes: ['defaultTaxRate'],
} as const;

export type FormValues = Record<string, string>;

const FIELDS = Object.values(GROUPS).flat();

/** The stored profile as the form's text values. */
export function valuesOf(profile: ProfileReadT): FormValues {
  const source = profile as unknown as Record<string, unknown>;
  const values: FormValues = {};
  for (const field of FIELDS) {
    const [head, tail] = field.split('.') as [string, string | undefined];
    const raw = tail ? (source[head] as Record<string, unknown> | null)?.[tail] : source[head];
    values[field] = raw === null || raw === undefined ? '' : String(raw);
  }
  return values;
}

/** The typed fields (unknown ones ignored, every known one present). */
export function valuesFrom(body: Record<string, unknown>): FormValues {
  return Object.fromEntries(FIELDS.map((field) => [field, typeof body[field] === 'string' ? (body[field] as string) : '']));
}

let validate: (((data: unknown) => boolean) & { errors?: unknown }) | undefined;

/** The merge patch of the form, or the violations of its shape (lengths, a tax rate that is no number). */
export function patchOf(
  values: FormValues,
  taxRateMessage: string,
  lang: Lang = 'en',
): { patch: ProfilePatchT } | { violations: Violation[] } {
  const text = (field: string) => values[field]?.trim() || null;
  const group = (name: 'address' | 'bank') => {
    const fields = GROUPS[name];
    if (fields.every((field) => !text(field))) return null;
    return Object.fromEntries(fields.map((field) => [field.slice(name.length + 1), text(field)]));
  };
  const rate = text('defaultTaxRate');
  if (rate !== null && !/^[0-9]{1,3}([.,][0-9]{1,6})?$/.test(rate))
    return { violations: [{ propertyPath: 'defaultTaxRate', message: taxRateMessage }] };
  const patch = {
    legalName: text('legalName'),
    registerEntry: text('registerEntry'),
    vatId: text('vatId'),
    address: group('address'),
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    bank: group('bank'),
    defaultTaxRate: rate === null ? null : Number(rate.replace(',', '.')),
  };
  validate ??= validatorCompiler()({ schema: ProfilePatch, httpPart: 'body', method: 'PATCH', url: '/organisation' }) as never;
  if (!validate!(patch)) return { violations: violationsFrom((validate!.errors ?? []) as never, lang) };
  return { patch: patch as ProfilePatchT };
}
