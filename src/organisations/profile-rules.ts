// The checks an organisation profile and a line item's percentages pass before they are stored.
// Pure: each returns a message, or null when the value is fine. Formats are checked for shape (and the
// IBAN for its checksum), not looked up anywhere.

/** A percent 0–100 with at most two decimals (ajv's multipleOf is unreliable for decimals: 0.07 % 0.01 ≠ 0). */
export function percentProblem(value: number): string | null {
  if (!Number.isFinite(value) || value < 0 || value > 100) return 'Must be between 0 and 100.';
  if (Math.abs(Math.round(value * 100) - value * 100) > 1e-6) return 'At most two decimals.';
  return null;
}

/** Spaces are allowed for readability (`DE89 3704 0044 0532 0130 00`); stored compact and upper-case. */
export const compactIban = (iban: string): string => iban.replace(/\s+/g, '').toUpperCase();

/** ISO 13616: country, check digits, up to 30 alphanumerics; valid when the number mod 97 is 1. */
export function ibanProblem(raw: string): string | null {
  const iban = compactIban(raw);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban)) return 'Not an IBAN (country code, two check digits, 11 to 30 letters or digits).';
  const digits = (iban.slice(4) + iban.slice(0, 4)).replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rest = 0;
  for (const digit of digits) rest = (rest * 10 + Number(digit)) % 97;
  return rest === 1 ? null : 'The IBAN check digits do not match (mod 97).';
}

/** BIC (ISO 9362): 8 or 11 characters. */
export const bicProblem = (bic: string): string | null =>
  /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic.toUpperCase()) ? null : 'Not a BIC (8 or 11 letters and digits).';

/**
 * A VAT identification number: an EU-style country prefix (EL for Greece, XI for Northern Ireland,
 * CHE for Switzerland) and 2–13 letters or digits, e.g. DE123456789. Spaces, dots and dashes are ignored.
 */
export function vatIdProblem(raw: string): string | null {
  const vatId = raw.replace(/[\s.-]/g, '').toUpperCase();
  if (/^CHE[0-9]{9}(MWST|TVA|IVA)?$/.test(vatId)) return null;
  if (vatId.startsWith('DE') && !/^DE[0-9]{9}$/.test(vatId)) return 'A German VAT ID is DE followed by nine digits.';
  return /^[A-Z]{2}[0-9A-Z+*]{2,13}$/.test(vatId) && /[0-9]/.test(vatId)
    ? null
    : 'Not a VAT ID (a two-letter country prefix followed by 2 to 13 letters or digits, e.g. DE123456789).';
}

/** ISO 3166-1 alpha-2 by shape and by Intl's region names (an unknown code has no name). */
const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
export function countryProblem(code: string): string | null {
  if (!/^[A-Z]{2}$/.test(code)) return 'Must be an ISO 3166-1 alpha-2 country code in capitals, e.g. DE.';
  // AA, QM–QZ, XA–XZ (but XK, Kosovo) and ZZ are user-assigned: Intl names some, no country has them.
  return regions.of(code) && !/^(AA|Q[M-Z]|X[A-JL-Z]|ZZ)$/.test(code) ? null : `${code} is not a country code.`;
}

/** A pragmatic e-mail shape: one @, a dot in the domain, no spaces. */
export const emailProblem = (email: string): string | null => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? null : 'Not an e-mail address.');

export function websiteProblem(url: string): string | null {
  try {
    const parsed = new URL(url);
    if ((parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname.includes('.')) return null;
  } catch {
    // falls through to the message
  }
  return 'Must be an http(s) URL, e.g. https://example.com.';
}

/** A phone number as people write it: digits, spaces, +, (), -, / and dots. */
export const phoneProblem = (phone: string): string | null =>
  /^\+?[0-9 ()./-]{5,40}$/.test(phone) && /[0-9]{3}/.test(phone.replace(/\D/g, '')) ? null : 'Not a phone number.';
