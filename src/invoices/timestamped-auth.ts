// The timestamped signature scheme, an offerpay extension a merchant opts into with the
// `timestamped_signatures` feature. The vendor's scheme signs only the body, so a captured request
// can be replayed at will; here the signature also covers X-Processing-Timestamp (±5 minutes of the
// server's clock), X-Processing-Nonce (spent once per merchant) and the method and path.
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../platform/deps.js';
import { authErrors } from './errors.js';
import { claimNonce } from './nonces-repository.js';
import { verifyTimestamped } from './signature.js';

export const SIGNATURE_WINDOW_SECONDS = 300;
const TIMESTAMP = /^[0-9]{1,12}$/;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Checks the timestamped signature of a merchant's request (403 in the vendor's shape otherwise).
 * The nonce is spent last, once the signature is known good, so that no one without the secret can
 * use up a merchant's nonces; a request refused here has changed nothing.
 */
export async function verifyTimestampedRequest(
  deps: Pick<Deps, 'db' | 'clock'>,
  request: FastifyRequest,
  merchant: { organisationId: string; secret: string },
  signature: string,
): Promise<void> {
  const timestamp = header(request, 'x-processing-timestamp');
  if (!timestamp) throw authErrors.noTimestamp();
  if (!TIMESTAMP.test(timestamp)) throw authErrors.badTimestamp();
  const nonce = header(request, 'x-processing-nonce');
  if (!nonce) throw authErrors.noNonce();
  if (!NONCE.test(nonce)) throw authErrors.badNonce();
  const signed = { timestamp, nonce, method: request.method, path: request.url, body: request.rawBody ?? Buffer.alloc(0) };
  if (!verifyTimestamped(merchant.secret, signed, signature)) throw authErrors.badTimestampedSignature();
  const now = deps.clock.now();
  const seconds = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - seconds) > SIGNATURE_WINDOW_SECONDS) throw authErrors.outsideWindow(SIGNATURE_WINDOW_SECONDS);
  const expiresAt = new Date((seconds + SIGNATURE_WINDOW_SECONDS) * 1000);
  if (!(await claimNonce(deps.db, { organisationId: merchant.organisationId, nonce, expiresAt, now }))) throw authErrors.nonceReused();
}
