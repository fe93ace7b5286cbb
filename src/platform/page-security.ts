// Headers for the pages people open from a link (recipient page, payer's invoice page): the URL holds
// a credential, so nothing is cached and no referrer leaves; no framing; and a CSP that allows only
// this server and inline code carrying the response's nonce.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

export function pageSecurityHeaders(reply: FastifyReply, nonce?: string): FastifyReply {
  const inline = nonce ? `script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; ` : '';
  return reply
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header(
      'content-security-policy',
      `default-src 'none'; ${inline}img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    );
}

/**
 * An onRequest hook for the pages' form posts: a post from another site (a forged form) is refused.
 * Browsers say where a request comes from in `Sec-Fetch-Site`, which the pages' `no-referrer` policy
 * does not hide (that policy makes `Origin` read "null" on our own forms); `Origin` is checked too,
 * for browsers without Fetch Metadata. A request with neither (a script, an old browser) passes: the
 * link token is what authorises it.
 */
export function requireSameOrigin(publicUrl: string) {
  const own = new URL(publicUrl).origin;
  return async (request: FastifyRequest): Promise<void> => {
    const site = request.headers['sec-fetch-site'];
    const origin = request.headers.origin;
    const crossSite = site === 'cross-site' || site === 'same-site';
    const foreignOrigin = typeof origin === 'string' && origin !== 'null' && origin !== own;
    if (crossSite || foreignOrigin) throw new AppError('forbidden', "Forms are accepted only from this server's own pages.");
  };
}
