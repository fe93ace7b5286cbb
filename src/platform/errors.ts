// One error type with a closed set of codes. Domain code throws it; each surface maps it to its
// own wire format in exactly one place (platform/problem.ts, invoices/errors.ts).

export type ErrorCode =
  | 'bad_request'
  | 'validation'
  | 'unprocessable'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'request_timeout'
  | 'conflict'
  | 'invalid_state'
  | 'expired'
  | 'payload_too_large'
  | 'uri_too_long'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'headers_too_large'
  | 'unavailable'
  | 'internal';

export interface Violation {
  propertyPath: string;
  message: string;
  /**
   * What broke, for programs (the seed's Symfony-style `code`): `required`, `unknown_field`,
   * `invalid_type`, `invalid_choice`, `too_long` … (classify-error.ts). Domain checks may leave it
   * out: the problem document then says `invalid` (problem.ts), so every violation carries one.
   */
  code?: string;
}

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation: 400,
  unprocessable: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  conflict: 409,
  invalid_state: 409,
  expired: 410,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  too_many_requests: 429,
  headers_too_large: 431,
  unavailable: 503,
  internal: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly violations: Violation[] = [],
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

/** A 429: throttled (platform/throttle.ts); every surface sends `Retry-After` with it. */
export class TooManyRequests extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `Too many requests; retry after ${retryAfterSeconds} seconds.`,
  ) {
    super('too_many_requests', message);
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found.`);
export const validation = (violations: Violation[], message = 'The request is invalid.') => new AppError('validation', message, violations);

/**
 * One line that says what failed, whatever was thrown: an Error's message (with its code), an
 * object's `message` (PGlite and some drivers throw plain objects), or the value itself — never
 * "[object Object]".
 */
export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    const text = typeof message === 'string' && message.length > 0 ? message : safeJson(error);
    return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
  }
  return String(error);
}

function safeJson(value: object): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
