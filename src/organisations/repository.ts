// SQL for organisations and their credentials.
import type { Queryable } from '../db/database.js';
import type { Scope } from './credentials.js';

export interface OrganisationRow {
  id: string;
  name: string;
  features: Features;
  created_at: Date;
}

export interface Features {
  invoices_enabled: boolean;
  /** Merchant API requests must carry the timestamped signature (invoices/timestamped-auth.ts). */
  timestamped_signatures: boolean;
}

export interface ApiTokenRow {
  id: string;
  organisation_id: string;
  token_prefix: string;
  label: string | null;
  scopes: Scope[];
  created_at: Date;
  revoked_at: Date | null;
}

export async function insertOrganisation(q: Queryable, id: string, name: string): Promise<OrganisationRow> {
  const { rows } = await q.query<OrganisationRow>(
    'INSERT INTO organisations (id, name) VALUES ($1, $2) RETURNING id, name, features, created_at',
    [id, name],
  );
  return rows[0]!;
}

export async function listOrganisations(q: Queryable, limit: number, offset: number): Promise<{ rows: OrganisationRow[]; total: number }> {
  // One round trip: the total rides on every row of the page; only a page past the end counts apart.
  const { rows } = await q.query<OrganisationRow & { total: number }>(
    'SELECT id, name, features, created_at, count(*) OVER ()::int AS total FROM organisations ORDER BY created_at, id LIMIT $1 OFFSET $2',
    [limit, offset],
    { prepare: true },
  );
  if (rows.length === 0) return { rows: [], total: offset === 0 ? 0 : await countOrganisations(q) };
  return { rows: rows.map(({ total: _total, ...row }) => row), total: rows[0]!.total };
}

export async function findOrganisation(q: Queryable, id: string): Promise<OrganisationRow | null> {
  const { rows } = await q.query<OrganisationRow>('SELECT id, name, features, created_at FROM organisations WHERE id = $1', [id]);
  return rows[0] ?? null;
}

export async function countOrganisations(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM organisations');
  return rows[0]!.n;
}

export async function mergeFeatures(q: Queryable, id: string, features: Partial<Features>): Promise<Features | null> {
  const { rows } = await q.query<{ features: Features }>(
    'UPDATE organisations SET features = features || $2::jsonb WHERE id = $1 RETURNING features',
    [id, JSON.stringify(features)],
  );
  return rows[0]?.features ?? null;
}

export async function insertApiToken(
  q: Queryable,
  token: { id: string; organisationId: string; hash: Buffer; prefix: string; scopes: readonly Scope[]; label?: string | null },
): Promise<ApiTokenRow> {
  const { rows } = await q.query<ApiTokenRow>(
    `INSERT INTO api_tokens (id, organisation_id, token_hash, token_prefix, scopes, label) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, organisation_id, token_prefix, label, scopes, created_at, revoked_at`,
    [token.id, token.organisationId, token.hash, token.prefix, token.scopes, token.label ?? null],
  );
  return rows[0]!;
}

/** What authentication needs of a token: only these columns, as every API request reads them. */
export type ActiveApiToken = Pick<ApiTokenRow, 'id' | 'organisation_id' | 'scopes'>;

const ACTIVE_TOKEN_BY_HASH = 'SELECT id, organisation_id, scopes FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL';

export async function findActiveApiTokenByHash(q: Queryable, hash: Buffer): Promise<ActiveApiToken | null> {
  const { rows } = await q.query<ActiveApiToken>(ACTIVE_TOKEN_BY_HASH, [hash], { prepare: true }); // every Offers API request runs it
  return rows[0] ?? null;
}

export async function listApiTokens(q: Queryable, organisationId: string): Promise<ApiTokenRow[]> {
  const { rows } = await q.query<ApiTokenRow>(
    'SELECT id, organisation_id, token_prefix, label, scopes, created_at, revoked_at FROM api_tokens WHERE organisation_id = $1 ORDER BY created_at, id',
    [organisationId],
  );
  return rows;
}

export async function setApiTokenLabel(q: Queryable, id: string, label: string | null): Promise<ApiTokenRow | null> {
  const { rows } = await q.query<ApiTokenRow>(
    'UPDATE api_tokens SET label = $2 WHERE id = $1 RETURNING id, organisation_id, token_prefix, label, scopes, created_at, revoked_at',
    [id, label],
  );
  return rows[0] ?? null;
}

export async function revokeApiToken(q: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await q.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [id]);
  return rowCount > 0;
}

export async function apiTokenExists(q: Queryable, id: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM api_tokens WHERE id = $1', [id]);
  return rows.length > 0;
}

export type MerchantMode = 'sandbox' | 'live';

export interface MerchantKeyRow {
  id: string;
  organisation_id: string;
  key: string;
  secret_encrypted: string;
  features: Features;
  merchant_mode: MerchantMode;
}

export async function insertMerchantKey(
  q: Queryable,
  k: { id: string; organisationId: string; key: string; secretEncrypted: string },
): Promise<void> {
  await q.query('INSERT INTO merchant_keys (id, organisation_id, key, secret_encrypted) VALUES ($1, $2, $3, $4)', [
    k.id,
    k.organisationId,
    k.key,
    k.secretEncrypted,
  ]);
}

export async function revokeMerchantKeys(q: Queryable, organisationId: string): Promise<void> {
  await q.query('UPDATE merchant_keys SET revoked_at = now() WHERE organisation_id = $1 AND revoked_at IS NULL', [organisationId]);
}

export async function findActiveMerchantKey(q: Queryable, key: string): Promise<MerchantKeyRow | null> {
  const { rows } = await q.query<MerchantKeyRow>(
    `SELECT k.id, k.organisation_id, k.key, k.secret_encrypted, o.features, o.merchant_mode
       FROM merchant_keys k JOIN organisations o ON o.id = k.organisation_id
      WHERE k.key = $1 AND k.revoked_at IS NULL`,
    [key],
    { prepare: true }, // every Merchant API request runs it
  );
  return rows[0] ?? null;
}

/** The payment mode and the live network's key (migration 20). */
export interface MerchantModeRow {
  merchant_mode: MerchantMode;
  evm_xpub: string | null;
}

export async function findMerchantMode(q: Queryable, organisationId: string, lock = false): Promise<MerchantModeRow | null> {
  const { rows } = await q.query<MerchantModeRow>(
    `SELECT merchant_mode, evm_xpub FROM organisations WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [organisationId],
  );
  return rows[0] ?? null;
}

export async function setMerchantMode(q: Queryable, organisationId: string, settings: MerchantModeRow): Promise<void> {
  await q.query('UPDATE organisations SET merchant_mode = $2, evm_xpub = $3 WHERE id = $1', [
    organisationId,
    settings.merchant_mode,
    settings.evm_xpub,
  ]);
}
