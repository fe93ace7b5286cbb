// What makes an answer a failure: a 5xx, more than 5 s, no answer, an API error that is not JSON in
// its surface's documented shape, or an answer a mutation class is documented to get but did not.
import type { Schema } from './schema.js';
import { surfaceOf, type FuzzRequest, type FuzzResponse } from './request.js';

export const HANG_MS = 5000;

export type FailureKind = '5xx' | 'hang' | 'no answer' | 'non-JSON error' | 'error shape' | 'expectation' | 'crash';

export interface Finding {
  kind: FailureKind;
  detail: string;
}

function parseJson(res: FuzzResponse): Schema | null | undefined {
  const type = String(res.headers['content-type'] ?? '');
  if (!/json/i.test(type)) return undefined;
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * problem+json for the Offers, public and admin APIs; for the Merchant API the vendor's shapes: `{"errors"}`,
 * `{"error", "code"}`, and its feature gate `{"message": "Required features [...] not enabled."}`.
 */
function shapeProblem(req: FuzzRequest, res: FuzzResponse, body: Schema | null): string | null {
  if (surfaceOf(req.path) === 'merchant') {
    const vendor =
      (typeof body?.error === 'string' && typeof body?.code === 'string') ||
      (body?.errors && typeof body.errors === 'object') ||
      (typeof body?.message === 'string' && /^Required features \[[a-z_, ]+\] not enabled\.$/.test(body.message));
    return vendor ? null : "not the vendor's {errors}, {error, code} or feature-gate {message}";
  }
  if (!/problem\+json/.test(String(res.headers['content-type'])))
    return `content-type ${res.headers['content-type']}, not application/problem+json`;
  if (typeof body?.type !== 'string' || typeof body?.title !== 'string' || body?.status !== res.status)
    return 'not a problem (type, title, status)';
  return null;
}

export function check(req: FuzzRequest, res: FuzzResponse): Finding[] {
  const findings: Finding[] = [];
  if (res.error) findings.push({ kind: res.ms >= HANG_MS ? 'hang' : 'no answer', detail: res.error });
  else if (res.ms > HANG_MS) findings.push({ kind: 'hang', detail: `answered after ${res.ms} ms` });
  if (res.status >= 500) findings.push({ kind: '5xx', detail: `${res.status} ${res.body.toString('utf8').slice(0, 300)}` });
  const surface = surfaceOf(req.path);
  if (!res.error && res.status >= 400 && req.method !== 'HEAD' && (surface === 'api' || surface === 'merchant')) {
    const body = parseJson(res);
    if (body === undefined)
      findings.push({
        kind: 'non-JSON error',
        detail: `${res.status} ${res.headers['content-type'] ?? '(no content-type)'}: ${res.body.toString('utf8').slice(0, 200)}`,
      });
    else {
      const wrong = shapeProblem(req, res, body);
      if (wrong) findings.push({ kind: 'error shape', detail: `${res.status}: ${wrong}: ${res.body.toString('utf8').slice(0, 200)}` });
    }
  }
  const expect = req.expect;
  if (expect && !res.error) {
    const misses: string[] = [];
    if (expect.status && !expect.status.includes(res.status)) misses.push(`status ${res.status}, expected ${expect.status.join(' or ')}`);
    if (expect.allow && res.status === 405 && !res.headers.allow) misses.push('405 without Allow');
    if (expect.maxBodyBytes !== undefined && res.bytes > expect.maxBodyBytes) misses.push(`a ${res.bytes}-byte answer`);
    if (misses.length > 0) findings.push({ kind: 'expectation', detail: `${expect.why}: ${misses.join('; ')}` });
  }
  return findings;
}
