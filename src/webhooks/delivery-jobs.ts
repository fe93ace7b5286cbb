// What a claimed delivery needs to be sent: its URL and signed headers, from what the claim statement
// returned with it (its target's URL and secret as of the claim), or the reason it cannot be sent
// (recorded as a failed attempt).
import { decryptSecret } from '../platform/crypto.js';
import type { Deps } from '../platform/deps.js';
import { openRecipientLinks } from '../platform/sealed-links.js';
import type { ClaimedRow } from './delivery-claims-repository.js';
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

// Secrets decrypted once per stored ciphertext (a rotation stores a new one), not once per delivery.
const SECRET_CACHE_SIZE = 1000;
const cachesByKey = new WeakMap<Buffer, Map<string, string>>();
function secretOf(deps: JobDeps, stored: string): string {
  let secrets = cachesByKey.get(deps.secretKey);
  if (!secrets) {
    secrets = new Map();
    cachesByKey.set(deps.secretKey, secrets);
  }
  let secret = secrets.get(stored);
  if (secret === undefined) {
    secret = decryptSecret(deps.secretKey, stored);
    if (secrets.size >= SECRET_CACHE_SIZE) secrets.delete(secrets.keys().next().value!);
    secrets.set(stored, secret);
  }
  return secret;
}

/** A claimed row → the job that sends it. Throws when a secret or link does not decrypt (SECRET_KEY changed). */
export function jobOf(deps: JobDeps, row: ClaimedRow): Job {
  return row.target_kind === 'endpoint' ? endpointJob(deps, row) : merchantJob(deps, row);
}

// Signed at send time with the current secret, so a rotation applies to retries too; the signature
// covers the bytes sent, links opened.
function endpointJob(deps: JobDeps, row: ClaimedRow): Job {
  if (row.endpoint_url === null || row.endpoint_secret === null) return refuse(row, 'The webhook endpoint no longer exists.');
  // Only a race with disabling gets here (disabling fails waiting deliveries); a disabled endpoint gets nothing.
  if (!row.endpoint_enabled) return refuse(row, 'The webhook endpoint is disabled.');
  const secret = secretOf(deps, row.endpoint_secret);
  const { body, tokens } = openRecipientLinks(deps.secretKey, row.body);
  return { row, url: row.endpoint_url, body, tokens, headers: { [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, body) } };
}

/**
 * The vendor's callback headers: `X-Processing-Key` (the merchant's public key) and
 * `X-Processing-Signature` (HMAC-SHA512 of the body with that key's secret). Both come from the one
 * key row that is active at send time, so they always belong together: after a rotation, a retry of a
 * callback written before it names the new key and is signed with the new secret — never the revoked
 * key beside a signature made with the new secret, or the reverse (the old pair stops working at rotation).
 */
function merchantJob(deps: JobDeps, row: ClaimedRow): Job {
  if (!row.callback_url) return refuse(row, 'The merchant has no callback URL.');
  if (row.merchant_key === null || row.merchant_secret === null) return refuse(row, 'The merchant has no active key to sign with.');
  const signature = signMerchant(secretOf(deps, row.merchant_secret), row.body);
  return {
    row,
    url: row.callback_url,
    body: row.body,
    tokens: [],
    headers: { [MERCHANT_KEY_HEADER]: row.merchant_key, [MERCHANT_SIGNATURE_HEADER]: signature },
  };
}
