// Headers for the pages people open from a link (recipient page, payer's invoice page): the URL holds
// a credential, so nothing is cached and no referrer leaves; no framing; and a CSP that allows only
// this server and inline code carrying the response's nonce.
import type { FastifyReply } from 'fastify';

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
