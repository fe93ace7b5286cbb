// SQL for webhook endpoints. Tenant functions take the organisation id; the worker's functions
// (enabledEndpointsOf, disabling; failure runs are counted in delivery-claims-repository.ts) work across organisations by design.
import type { Queryable } from '../db/database.js';

export interface EndpointRow {
  id: string;
  organisation_id: string;
  url: string;
  description: string | null;
  events: string[];
  version: string;
  secret_encrypted: string;
  enabled: boolean;
  consecutive_failures: number;
  failing_since: Date | null;
  disabled_at: Date | null;
  disabled_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const ENDPOINT_COLUMNS =
  'id, organisation_id, url, description, events, version, secret_encrypted, enabled, consecutive_failures, failing_since, disabled_at, disabled_reason, created_at, updated_at';

export async function insertEndpoint(
  q: Queryable,
  e: {
    id: string;
    organisationId: string;
    url: string;
    description?: string | null;
    events: string[];
    version: string;
    secretEncrypted: string;
    enabled: boolean;
    now: Date;
  },
): Promise<EndpointRow> {
  const { rows } = await q.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (id, organisation_id, url, events, version, secret_encrypted, enabled, created_at, updated_at, description)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) RETURNING ${ENDPOINT_COLUMNS}`,
    [e.id, e.organisationId, e.url, e.events, e.version, e.secretEncrypted, e.enabled, e.now, e.description ?? null],
  );
  return rows[0]!;
}

export async function listEndpoints(q: Queryable, organisationId: string): Promise<EndpointRow[]> {
  const { rows } = await q.query<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organisation_id = $1 ORDER BY created_at, id`,
    [organisationId],
    { prepare: true }, // every GET /webhooks and every dispatch of an organisation's events
  );
  return rows;
}

export async function findEndpoint(q: Queryable, organisationId: string, id: string): Promise<EndpointRow | null> {
  const { rows } = await q.query<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organisation_id = $1 AND id = $2`, [
    organisationId,
    id,
  ]);
  return rows[0] ?? null;
}

export async function updateEndpoint(
  q: Queryable,
  organisationId: string,
  id: string,
  /** `description`: undefined keeps it, null clears it. */
  patch: { url?: string; description?: string | null; events?: string[]; enabled?: boolean; secretEncrypted?: string },
  now: Date,
): Promise<EndpointRow | null> {
  // Re-enabling starts a fresh run of failures.
  const { rows } = await q.query<EndpointRow>(
    `UPDATE webhook_endpoints SET
       url = coalesce($3, url),
       description = CASE WHEN $8::boolean THEN $9::text ELSE description END,
       events = coalesce($4, events),
       secret_encrypted = coalesce($5, secret_encrypted),
       enabled = coalesce($6, enabled),
       consecutive_failures = CASE WHEN $6 IS TRUE THEN 0 ELSE consecutive_failures END,
       failing_since = CASE WHEN $6 IS TRUE THEN NULL ELSE failing_since END,
       disabled_at = CASE WHEN $6 IS TRUE THEN NULL WHEN $6 IS FALSE AND enabled THEN $7 ELSE disabled_at END,
       disabled_reason = CASE WHEN $6 IS TRUE THEN NULL WHEN $6 IS FALSE AND enabled THEN 'manual' ELSE disabled_reason END,
       updated_at = $7
     WHERE organisation_id = $1 AND id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
    [
      organisationId,
      id,
      patch.url ?? null,
      patch.events ?? null,
      patch.secretEncrypted ?? null,
      patch.enabled ?? null,
      now,
      patch.description !== undefined,
      patch.description ?? null,
    ],
  );
  return rows[0] ?? null;
}

export async function deleteEndpoint(q: Queryable, organisationId: string, id: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM webhook_endpoints WHERE organisation_id = $1 AND id = $2', [organisationId, id]);
  return rowCount > 0;
}

// ── worker (all organisations) ──────────────────────────────────────────────────────────────

/** Enabled endpoints of the given organisations (the dispatcher filters by event). */
export async function enabledEndpointsOf(tx: Queryable, organisationIds: string[]): Promise<EndpointRow[]> {
  const { rows } = await tx.query<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organisation_id = ANY($1::uuid[]) AND enabled ORDER BY created_at, id`,
    [organisationIds],
  );
  return rows;
}

/** Disables an enabled endpoint; null when it was already off (only one worker announces it). */
export async function disableEndpoint(tx: Queryable, endpointId: string, reason: string, now: Date): Promise<EndpointRow | null> {
  const { rows } = await tx.query<EndpointRow>(
    `UPDATE webhook_endpoints SET enabled = false, disabled_at = $2, disabled_reason = $3, updated_at = $2
      WHERE id = $1 AND enabled RETURNING ${ENDPOINT_COLUMNS}`,
    [endpointId, now, reason],
  );
  return rows[0] ?? null;
}
