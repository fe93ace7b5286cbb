// What a claimed delivery needs to be sent: its URL and signed headers, read at send time (inside
// the claim transaction), or the reason it cannot be sent (recorded as a failed attempt).
import type { Queryable } from '../db/database.js';
import { decryptSecret } from '../platform/crypto.js';
import type { Deps } from '../platform/deps.js';
import { openRecipientLinks } from '../platform/sealed-links.js';
import { findActiveMerchantKey, findMerchantCallbackUrl } from './callback-urls-repository.js';
import type { ClaimedRow } from './delivery-claims-repository.js';
import type { EndpointRow } from './endpoints-repository.js';
import { MERCHANT_KEY_HEADER, MERCHANT_SIGNATURE_HEADER, signMerchant, signWebhook, WEBHOOK_SIGNATURE_HEADER } from './signing.js';

/** A claimed delivery with everything needed to send it. */
export interface Job {
  row: ClaimedRow;
  url: string | null;
  /** The bytes to send: the stored body with its sealed links opened (platform/sealed-links.ts). */
  body: string;
  /** Link tokens in `body`, masked in what is recorded about the attempt. */
  tokens: string[];
  headers: Record<string, string>;
  /** Why the delivery cannot be sent (recorded as a failed attempt). */
  problem?: string;
}

type JobDeps = Pick<Deps, 'secretKey'>;

export const refuse = (row: ClaimedRow, problem: string): Job => ({ row, url: null, body: row.body, tokens: [], headers: {}, problem });

// Signed at send time with the current secret, so a rotation applies to retries too; the signature
// covers the bytes sent, links opened.
export function endpointJob(deps: JobDeps, row: ClaimedRow, endpoint: EndpointRow | undefined): Job {
  if (!endpoint) return refuse(row, 'The webhook endpoint no longer exists.');
  // Only a race with disabling gets here (disabling fails waiting deliveries); a disabled endpoint gets nothing.
  if (!endpoint.enabled) return refuse(row, 'The webhook endpoint is disabled.');
  const secret = decryptSecret(deps.secretKey, endpoint.secret_encrypted);
  const { body, tokens } = openRecipientLinks(deps.secretKey, row.body);
  return { row, url: endpoint.url, body, tokens, headers: { [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, body) } };
}

/**
 * The vendor's callback headers: `X-Processing-Key` (the merchant's public key) and
 * `X-Processing-Signature` (HMAC-SHA512 of the body with that key's secret). Both come from the one
 * key row that is active at send time, so they always belong together: after a rotation, a retry of a
 * callback written before it names the new key and is signed with the new secret — never the revoked
 * key beside a signature made with the new secret, or the reverse (the old pair stops working at rotation).
 */
export async function merchantJob(deps: JobDeps, tx: Queryable, row: ClaimedRow): Promise<Job> {
  const url = await findMerchantCallbackUrl(tx, row.organisation_id);
  if (!url) return refuse(row, 'The merchant has no callback URL.');
  const key = await findActiveMerchantKey(tx, row.organisation_id);
  if (!key) return refuse(row, 'The merchant has no active key to sign with.');
  const signature = signMerchant(decryptSecret(deps.secretKey, key.secret_encrypted), row.body);
  return { row, url, body: row.body, tokens: [], headers: { [MERCHANT_KEY_HEADER]: key.key, [MERCHANT_SIGNATURE_HEADER]: signature } };
}
