// What the campaign sends and what it got back.
import type { IncomingHttpHeaders } from 'node:http';

/** How a request is authenticated when it is sent (the Merchant API signs the final body). */
export type Auth =
  | 'valid'
  | 'none'
  | 'other-tenant'
  | 'wrong-token'
  | 'missing-signature'
  | 'wrong-signature'
  | 'stale-signature'
  | 'uppercase-signature'
  | 'unknown-key';

/** A stricter answer than "no 5xx" that a mutation class is documented to get. */
export interface Expectation {
  status?: number[];
  /** A 405 names the allowed methods. */
  allow?: boolean;
  /** The body stays small (a flood of unknown keys must not produce a flood of violations). */
  maxBodyBytes?: number;
  why: string;
}

export interface FuzzRequest {
  /** 'valid' or the mutation class. */
  kind: string;
  /** METHOD + path template, for the report. */
  route: string;
  method: string;
  /** Path and query as sent on the wire (already percent-encoded). */
  path: string;
  headers: Record<string, string>;
  body?: Buffer | string;
  auth: Auth;
  expect?: Expectation;
}

export interface FuzzResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Bytes received (the body is kept up to a limit). */
  bytes: number;
  ms: number;
  /** A transport failure: no answer, reset connection, client timeout. */
  error?: string;
}

export type Surface = 'merchant' | 'api' | 'page' | 'docs';

/** Which error format a path's surface promises: the vendor's JSON, problem+json, or HTML. */
export function surfaceOf(path: string): Surface {
  const p = path.split('?')[0]!;
  if (p === '/api/v2' || p.startsWith('/api/v2/')) return 'merchant';
  if (p.startsWith('/o/') || p.startsWith('/invoice/')) return 'page';
  if (p === '/docs' || p.startsWith('/docs/')) return 'docs';
  return 'api';
}

/** Which credential a path takes. */
export function credentialOf(path: string): 'merchant' | 'admin' | 'api' | 'none' {
  const p = path.split('?')[0]!;
  if (p === '/api/v2/ping') return 'none';
  if (surfaceOf(p) === 'merchant') return 'merchant';
  if (p.startsWith('/admin/')) return 'admin';
  if (/^\/(public\/|healthz|readyz|openapi\.json|docs|o\/|invoice\/|media\/[^/]+\/download\/)/.test(p) || p === '/') return 'none';
  return 'api';
}
