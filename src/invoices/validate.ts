// Request validation with the vendor's (Laravel-style) messages: `{"errors": {"field": "message"}}`,
// one message per field, every failing field reported. `null` counts as absent (older clients send
// unset optional fields as null). Unknown fields are ignored, as the vendor does, except on closed bodies
// (cancel). Request bodies are declared in requests.ts (fields.ts turns a declaration into calls here).
import net from 'node:net';
import { fieldErrors } from './errors.js';
import { formatUnits, parseUnits } from './money.js';

/** 10^9 whole units: keeps every amount, quote and sum far inside PostgreSQL's int8. */
const MAX_AMOUNT = 10n ** 17n;

export type Body = Record<string, unknown>;
type Errors = Record<string, string>;

const label = (field: string) => field.replace(/_/g, ' ');
const present = (v: unknown) => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');

/** Collects the first error of each field, then throws them all at once. */
export class Validator {
  readonly errors: Errors = {};
  constructor(readonly body: Body) {}

  private fail(field: string, message: string): undefined {
    this.errors[field] ??= message;
    return undefined;
  }

  has(field: string): boolean {
    return present(this.body[field]);
  }

  /** A string field; `required` gives the required message when absent or empty. */
  string(field: string, rules: { required?: boolean; max?: number } = {}, v: unknown = this.body[field]): string | undefined {
    if (!present(v)) return rules.required ? this.fail(field, `The ${label(field)} field is required.`) : undefined;
    if (typeof v !== 'string') return this.fail(field, `The ${label(field)} must be a string.`);
    if (rules.max !== undefined && [...v].length > rules.max)
      return this.fail(field, `The ${label(field)} may not be greater than ${rules.max} characters.`);
    return v;
  }

  /**
   * A merchant's id (`foreign_id`): a string, or a JSON integer read as its decimal string (the public Go
   * and PHP clients send numeric order ids). Fractions and integers beyond 2^53 − 1 cannot be read back
   * exactly from JSON, so they get the string rule's message.
   */
  foreignId(field: string, rules: { required?: boolean; max?: number } = {}): string | undefined {
    const v = this.body[field];
    if (typeof v !== 'number') return this.string(field, rules);
    if (!Number.isSafeInteger(v)) return this.fail(field, `The ${label(field)} must be a string.`);
    return this.string(field, rules, String(v));
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], rules: { required?: boolean } = {}): T | undefined {
    const v = this.body[field];
    if (!present(v)) return rules.required ? this.fail(field, `The ${label(field)} field is required.`) : undefined;
    if (typeof v !== 'string' || !allowed.includes(v as T)) return this.fail(field, `The selected ${label(field)} is invalid.`);
    return v as T;
  }

  /** Laravel's boolean: true, false, 1, 0, "1", "0" (and "true"/"false", which JSON clients send). */
  boolean(field: string, rules: { required?: boolean } = {}): boolean | undefined {
    const v = this.body[field];
    if (v === undefined || v === null) return rules.required ? this.fail(field, `The ${label(field)} field is required.`) : undefined;
    if (v === true || v === 1 || v === '1' || v === 'true') return true;
    if (v === false || v === 0 || v === '0' || v === 'false') return false;
    return this.fail(field, `The ${label(field)} field must be true or false.`);
  }

  /** A decimal amount as a JSON number or string, at most 8 decimals, returned in 1e-8 units. */
  amount(field: string, rules: { required?: boolean } = {}): bigint | undefined {
    const v = this.body[field];
    if (!present(v)) return rules.required ? this.fail(field, `The ${label(field)} field is required.`) : undefined;
    const units = parseUnits(v);
    if (units === null) return this.fail(field, `The ${label(field)} must be a number.`);
    if (units <= 0n) return this.fail(field, `The ${label(field)} must be greater than 0.`);
    if (units > MAX_AMOUNT) return this.fail(field, `The ${label(field)} may not be greater than ${formatUnits(MAX_AMOUNT, 0)}.`);
    return units;
  }

  integer(field: string, rules: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const v = this.body[field];
    if (!present(v)) return rules.required ? this.fail(field, `The ${label(field)} field is required.`) : undefined;
    const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) return this.fail(field, `The ${label(field)} must be an integer.`);
    if (rules.min !== undefined && n < rules.min) return this.fail(field, `The ${label(field)} must be at least ${rules.min}.`);
    if (rules.max !== undefined && n > rules.max) return this.fail(field, `The ${label(field)} may not be greater than ${rules.max}.`);
    return n;
  }

  email(field: string, rules: { required?: boolean } = {}): string | undefined {
    const v = this.string(field, { required: rules.required, max: 255 });
    if (v !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v))
      return this.fail(field, `The ${label(field)} must be a valid email address.`);
    return v;
  }

  /**
   * Where the payer is sent back: https with a domain name (the vendor refuses IPs and http);
   * ALLOW_PRIVATE_WEBHOOK_TARGETS relaxes this for local development.
   */
  returnUrl(field: string, rules: { required?: boolean; relaxed: boolean }): string | undefined {
    const relaxed = rules.relaxed;
    const v = this.string(field, { required: rules.required, max: 2048 });
    if (v === undefined) return undefined;
    let url: URL | undefined;
    try {
      url = new URL(v);
    } catch {
      url = undefined;
    }
    const host = url?.hostname.replace(/^\[|\]$/g, '') ?? '';
    const ok =
      url !== undefined &&
      (relaxed ? ['https:', 'http:'].includes(url.protocol) : url.protocol === 'https:' && net.isIP(host) === 0 && host.includes('.'));
    return ok ? v : this.fail(field, `The ${label(field)} format is invalid.`);
  }

  /** An object of strings (or nulls) of at most `max` characters each, e.g. sender_data (Laravel says "array"). */
  stringMap(field: string, max: number): Record<string, unknown> | undefined {
    const v = this.body[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) return this.fail(field, `The ${label(field)} must be an array.`);
    for (const [k, value] of Object.entries(v)) {
      if (value !== null && (typeof value !== 'string' || value.length > max))
        this.fail(`${field}.${k}`, `The ${label(field)}.${label(k)} must be a string.`);
    }
    return v as Record<string, unknown>;
  }

  /** `null` is a value (it removes a setting): a non-empty string of at most `max` characters, or null. */
  urlOrNull(field: string, max: number, rules: { required?: boolean } = {}): string | null | undefined {
    const v = this.body[field];
    if (v === undefined) return rules.required ? this.fail(field, `The ${label(field)} field is required.`) : undefined;
    if (v !== null && (typeof v !== 'string' || v.length === 0 || v.length > max))
      return this.fail(field, `The ${label(field)} must be a URL or null.`);
    return v as string | null;
  }

  error(field: string, message: string): void {
    this.fail(field, message);
  }

  /** Throws the collected field errors, if any. */
  done(): void {
    if (Object.keys(this.errors).length > 0) throw fieldErrors(this.errors);
  }
}

/** The request body as an object: the surface guarantees a JSON object or array (PHP reads `[]` as empty). */
export function bodyOf(body: unknown): Body {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Body) : {};
}

/** Closed bodies (cancel, the settings): a field not declared is an error, reported once the declared ones are valid. */
export function rejectUnknown(body: Body, known: readonly string[]): void {
  const fields = Object.keys(body).filter((f) => !known.includes(f));
  if (fields.length > 0) throw fieldErrors(Object.fromEntries(fields.map((f) => [f, `The ${label(f)} field is prohibited.`])));
}
