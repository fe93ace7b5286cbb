// SQL for the merchant's invoice callback URL (merchant_settings) and the key callbacks are signed with.
import type { Queryable } from '../db/database.js';

export async function upsertMerchantCallbackUrl(q: Queryable, organisationId: string, url: string | null, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO merchant_settings (organisation_id, callback_url, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (organisation_id) DO UPDATE SET callback_url = EXCLUDED.callback_url, updated_at = EXCLUDED.updated_at`,
    [organisationId, url, now],
  );
}

export async function findMerchantCallbackUrl(q: Queryable, organisationId: string): Promise<string | null> {
  const { rows } = await q.query<{ callback_url: string | null }>('SELECT callback_url FROM merchant_settings WHERE organisation_id = $1', [
    organisationId,
  ]);
  return rows[0]?.callback_url ?? null;
}

export async function organisationExists(q: Queryable, organisationId: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM organisations WHERE id = $1', [organisationId]);
  return rows.length > 0;
}

/** The organisation's active merchant key: the public key and its encrypted secret, from one row (callbacks carry both). */
export async function findActiveMerchantKey(
  q: Queryable,
  organisationId: string,
): Promise<{ key: string; secret_encrypted: string } | null> {
  const { rows } = await q.query<{ key: string; secret_encrypted: string }>(
    `SELECT key, secret_encrypted FROM merchant_keys WHERE organisation_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1`,
    [organisationId],
  );
  return rows[0] ?? null;
}

/** The callback URLs of the given organisations that have one (the dispatcher, all organisations). */
export async function merchantCallbackUrlsOf(tx: Queryable, organisationIds: string[]): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ organisation_id: string; callback_url: string }>(
    'SELECT organisation_id, callback_url FROM merchant_settings WHERE organisation_id = ANY($1::uuid[]) AND callback_url IS NOT NULL',
    [organisationIds],
  );
  return new Map(rows.map((r) => [r.organisation_id, r.callback_url]));
}
