// SQL for webhook endpoints, merchant callback settings, deliveries and their attempt log.
// Every function that serves a tenant takes the organisation id; the worker's functions work across
// organisations by design (it delivers for all of them) and are marked so.
import type { Queryable } from '../db/database.js';
import type { DeliveryStatus } from './states.js';
import type { TargetKind } from './schedule.js';

export interface EndpointRow {
  id: string;
  organisation_id: string;
  url: string;
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
  'id, organisation_id, url, events, version, secret_encrypted, enabled, consecutive_failures, failing_since, disabled_at, disabled_reason, created_at, updated_at';

export async function insertEndpoint(
  q: Queryable,
  e: { id: string; organisationId: string; url: string; events: string[]; version: string; secretEncrypted: string; enabled: boolean; now: Date },
): Promise<EndpointRow> {
  const { rows } = await q.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (id, organisation_id, url, events, version, secret_encrypted, enabled, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING ${ENDPOINT_COLUMNS}`,
    [e.id, e.organisationId, e.url, e.events, e.version, e.secretEncrypted, e.enabled, e.now],
  );
  return rows[0]!;
}

export async function listEndpoints(q: Queryable, organisationId: string): Promise<EndpointRow[]> {
  const { rows } = await q.query<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organisation_id = $1 ORDER BY created_at, id`,
    [organisationId],
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
  patch: { url?: string; events?: string[]; enabled?: boolean; secretEncrypted?: string },
  now: Date,
): Promise<EndpointRow | null> {
  // Re-enabling starts a fresh run of failures.
  const { rows } = await q.query<EndpointRow>(
    `UPDATE webhook_endpoints SET
       url = coalesce($3, url),
       events = coalesce($4, events),
       secret_encrypted = coalesce($5, secret_encrypted),
       enabled = coalesce($6, enabled),
       consecutive_failures = CASE WHEN $6 IS TRUE THEN 0 ELSE consecutive_failures END,
       failing_since = CASE WHEN $6 IS TRUE THEN NULL ELSE failing_since END,
       disabled_at = CASE WHEN $6 IS TRUE THEN NULL WHEN $6 IS FALSE AND enabled THEN $7 ELSE disabled_at END,
       disabled_reason = CASE WHEN $6 IS TRUE THEN NULL WHEN $6 IS FALSE AND enabled THEN 'manual' ELSE disabled_reason END,
       updated_at = $7
     WHERE organisation_id = $1 AND id = $2 RETURNING ${ENDPOINT_COLUMNS}`,
    [organisationId, id, patch.url ?? null, patch.events ?? null, patch.secretEncrypted ?? null, patch.enabled ?? null, now],
  );
  return rows[0] ?? null;
}

export async function deleteEndpoint(q: Queryable, organisationId: string, id: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM webhook_endpoints WHERE organisation_id = $1 AND id = $2', [organisationId, id]);
  return rowCount > 0;
}

// ── merchant callback settings ──────────────────────────────────────────────────────────────

export async function upsertMerchantCallbackUrl(q: Queryable, organisationId: string, url: string | null, now: Date): Promise<void> {
  await q.query(
    `INSERT INTO merchant_settings (organisation_id, callback_url, updated_at) VALUES ($1, $2, $3)
     ON CONFLICT (organisation_id) DO UPDATE SET callback_url = EXCLUDED.callback_url, updated_at = EXCLUDED.updated_at`,
    [organisationId, url, now],
  );
}

export async function findMerchantCallbackUrl(q: Queryable, organisationId: string): Promise<string | null> {
  const { rows } = await q.query<{ callback_url: string | null }>('SELECT callback_url FROM merchant_settings WHERE organisation_id = $1', [organisationId]);
  return rows[0]?.callback_url ?? null;
}

export async function organisationExists(q: Queryable, organisationId: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM organisations WHERE id = $1', [organisationId]);
  return rows.length > 0;
}

/** The secret of the organisation's active merchant key (callbacks are signed with it). */
export async function findActiveMerchantSecret(q: Queryable, organisationId: string): Promise<string | null> {
  const { rows } = await q.query<{ secret_encrypted: string }>(
    `SELECT secret_encrypted FROM merchant_keys WHERE organisation_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1`,
    [organisationId],
  );
  return rows[0]?.secret_encrypted ?? null;
}

// ── outbox → deliveries (worker, all organisations) ─────────────────────────────────────────

export interface OutboxRow {
  id: bigint;
  organisation_id: string;
  event_id: string;
  topic: string;
  payload: Record<string, unknown>;
  created_at: Date;
}

/** Claims undispatched outbox rows; other workers skip them until this transaction ends. */
export async function claimOutbox(tx: Queryable, limit: number): Promise<OutboxRow[]> {
  const { rows } = await tx.query<OutboxRow>(
    `SELECT id, organisation_id, event_id, topic, payload, created_at FROM outbox
      WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows;
}

export async function markDispatched(tx: Queryable, ids: bigint[], now: Date): Promise<void> {
  await tx.query('UPDATE outbox SET dispatched_at = $2 WHERE id = ANY($1::bigint[])', [ids.map(String), now]);
}

/** Enabled endpoints of the given organisations (the dispatcher filters by event). */
export async function enabledEndpointsOf(tx: Queryable, organisationIds: string[]): Promise<EndpointRow[]> {
  const { rows } = await tx.query<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE organisation_id = ANY($1::uuid[]) AND enabled ORDER BY created_at, id`,
    [organisationIds],
  );
  return rows;
}

export async function merchantCallbackUrlsOf(tx: Queryable, organisationIds: string[]): Promise<Map<string, string>> {
  const { rows } = await tx.query<{ organisation_id: string; callback_url: string }>(
    'SELECT organisation_id, callback_url FROM merchant_settings WHERE organisation_id = ANY($1::uuid[]) AND callback_url IS NOT NULL',
    [organisationIds],
  );
  return new Map(rows.map((r) => [r.organisation_id, r.callback_url]));
}

export interface NewDelivery {
  id: string;
  organisationId: string;
  eventId: string;
  topic: string;
  targetKind: TargetKind;
  targetKey: string;
  endpointId: string | null;
  body: string;
}

/** Idempotent per (event, target): a re-dispatched outbox row never doubles a delivery. */
export async function insertDeliveries(tx: Queryable, deliveries: NewDelivery[], now: Date): Promise<void> {
  if (deliveries.length === 0) return;
  await tx.query(
    `INSERT INTO webhook_deliveries (id, organisation_id, event_id, topic, target_kind, target_key, endpoint_id, body, status, next_attempt_at, created_at, updated_at)
     SELECT d.id, d.organisation_id, d.event_id, d.topic, d.target_kind, d.target_key, d.endpoint_id, d.body, 'pending', $2, $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, organisation_id uuid, event_id text, topic text, target_kind text, target_key text, endpoint_id uuid, body text)
     ON CONFLICT (event_id, target_key) DO NOTHING`,
    [
      JSON.stringify(
        deliveries.map((d) => ({
          id: d.id,
          organisation_id: d.organisationId,
          event_id: d.eventId,
          topic: d.topic,
          target_kind: d.targetKind,
          target_key: d.targetKey,
          endpoint_id: d.endpointId,
          body: d.body,
        })),
      ),
      now,
    ],
  );
}

// ── claiming and finishing attempts (worker, all organisations) ─────────────────────────────

/** Serialises claimers for the length of one short transaction, so the per-target cap holds across replicas. */
export async function lockClaims(tx: Queryable): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('offerpay:webhooks:claim'))");
}

/**
 * Due deliveries, at most `cap` in flight per target (in flight = delivering with a live lease),
 * fairest first: each target's earliest rows before any target's later ones, so a backlog
 * for one dead receiver cannot crowd out the others.
 */
export async function dueDeliveryIds(tx: Queryable, now: Date, cap: number, limit: number): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(
    `WITH inflight AS (
       SELECT target_key, count(*)::int AS n FROM webhook_deliveries
        WHERE status = 'delivering' AND next_attempt_at > $1 GROUP BY target_key
     ), due AS (
       SELECT id, target_key, next_attempt_at,
              row_number() OVER (PARTITION BY target_key ORDER BY next_attempt_at, id) AS rn
         FROM webhook_deliveries
        WHERE status IN ('pending', 'delivering') AND next_attempt_at <= $1
     )
     SELECT due.id FROM due LEFT JOIN inflight USING (target_key)
      WHERE due.rn <= $2 - coalesce(inflight.n, 0)
      ORDER BY due.rn, due.next_attempt_at, due.id
      LIMIT $3`,
    [now, cap, limit],
  );
  return rows.map((r) => r.id);
}

export interface ClaimedRow {
  id: string;
  organisation_id: string;
  event_id: string;
  topic: string;
  target_kind: TargetKind;
  target_key: string;
  endpoint_id: string | null;
  body: string;
  attempts: number;
  attempts_total: number;
  lease_token: string;
}

/** Moves the rows to `delivering` with a lease; rows another worker holds are skipped, not waited for. */
export async function claimDeliveries(
  tx: Queryable,
  ids: string[],
  from: DeliveryStatus[],
  now: Date,
  leaseUntil: Date,
  leaseToken: string,
): Promise<ClaimedRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.query<ClaimedRow>(
    `UPDATE webhook_deliveries d SET status = 'delivering', next_attempt_at = $3, lease_token = $4,
            attempts = d.attempts + 1, attempts_total = d.attempts_total + 1, updated_at = $2
      WHERE d.id IN (SELECT id FROM webhook_deliveries WHERE id = ANY($1::uuid[])
                        AND status = ANY($5::text[]) AND next_attempt_at <= $2
                        FOR UPDATE SKIP LOCKED)
      RETURNING d.id, d.organisation_id, d.event_id, d.topic, d.target_kind, d.target_key, d.endpoint_id, d.body,
                d.attempts, d.attempts_total, d.lease_token`,
    [ids, now, leaseUntil, leaseToken, from],
  );
  return rows;
}

export async function endpointsByIds(q: Queryable, ids: string[]): Promise<EndpointRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await q.query<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ANY($1::uuid[])`, [ids]);
  return rows;
}

export interface AttemptRecord {
  deliveryId: string;
  leaseToken: string;
  attempt: number;
  url: string;
  startedAt: Date;
  statusCode: number | null;
  latencyMs: number;
  response: string | null;
  error: string | null;
  succeeded: boolean;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  now: Date;
}

/**
 * Finishes an attempt, fenced by the lease token: if the lease ran out and another worker
 * re-claimed the row, this late result only lands in the attempt log. Returns whether it applied.
 */
export async function finishAttempt(tx: Queryable, r: AttemptRecord): Promise<boolean> {
  await tx.query(
    `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, url, started_at, status_code, latency_ms, response_excerpt, error, succeeded)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE EXISTS (SELECT 1 FROM webhook_deliveries WHERE id = $1)`,
    [r.deliveryId, r.attempt, r.url, r.startedAt, r.statusCode, r.latencyMs, r.response, r.error, r.succeeded],
  );
  const { rowCount } = await tx.query(
    `UPDATE webhook_deliveries SET status = $3, next_attempt_at = $4, lease_token = NULL, last_url = $5,
            last_status_code = $6, last_latency_ms = $7, last_response = $8, last_error = $9, updated_at = $10,
            delivered_at = CASE WHEN $3 = 'delivered' THEN $10 ELSE delivered_at END
      WHERE id = $1 AND status = 'delivering' AND lease_token = $2`,
    [r.deliveryId, r.leaseToken, r.status, r.nextAttemptAt, r.url, r.statusCode, r.latencyMs, r.response, r.error, r.now],
  );
  return rowCount > 0;
}

/**
 * Records many successful attempts in one statement (the hot path): deliveries to `delivered`
 * (fenced by lease token), attempts logged, the endpoints' failure runs reset.
 */
export async function finishSuccesses(q: Queryable, records: AttemptRecord[]): Promise<void> {
  if (records.length === 0) return;
  await q.query(
    `WITH r AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(delivery_id uuid, lease_token uuid, attempt int, url text,
                started_at timestamptz, status_code int, latency_ms int, response text, now timestamptz)
     ), d AS (
       UPDATE webhook_deliveries w SET status = 'delivered', next_attempt_at = NULL, lease_token = NULL, last_url = r.url,
              last_status_code = r.status_code, last_latency_ms = r.latency_ms, last_response = r.response, last_error = NULL,
              updated_at = r.now, delivered_at = r.now
         FROM r WHERE w.id = r.delivery_id AND w.status = 'delivering' AND w.lease_token = r.lease_token
       RETURNING w.endpoint_id
     ), a AS (
       INSERT INTO webhook_delivery_attempts (delivery_id, attempt, url, started_at, status_code, latency_ms, response_excerpt, error, succeeded)
       SELECT r.delivery_id, r.attempt, r.url, r.started_at, r.status_code, r.latency_ms, r.response, NULL, true
         FROM r WHERE EXISTS (SELECT 1 FROM webhook_deliveries w WHERE w.id = r.delivery_id)
     )
     UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL
      WHERE id IN (SELECT endpoint_id FROM d) AND consecutive_failures <> 0`,
    [
      JSON.stringify(
        records.map((r) => ({
          delivery_id: r.deliveryId,
          lease_token: r.leaseToken,
          attempt: r.attempt,
          url: r.url,
          started_at: r.startedAt,
          status_code: r.statusCode,
          latency_ms: r.latencyMs,
          response: r.response,
          now: r.now,
        })),
      ),
    ],
  );
}

export async function resetEndpointFailures(tx: Queryable, endpointId: string): Promise<void> {
  await tx.query('UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL WHERE id = $1 AND consecutive_failures <> 0', [endpointId]);
}

export async function countEndpointFailure(tx: Queryable, endpointId: string, now: Date): Promise<EndpointRow | null> {
  const { rows } = await tx.query<EndpointRow>(
    `UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, $2)
      WHERE id = $1 RETURNING ${ENDPOINT_COLUMNS}`,
    [endpointId, now],
  );
  return rows[0] ?? null;
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

/** Fails the endpoint's waiting deliveries (they stay visible and can be redelivered). */
export async function abandonPending(tx: Queryable, endpointId: string, reason: string, now: Date): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL, last_error = $2, updated_at = $3
      WHERE endpoint_id = $1 AND status = 'pending'`,
    [endpointId, reason, now],
  );
  return rowCount;
}

// ── delivery log (tenant-scoped) ────────────────────────────────────────────────────────────

export interface DeliveryRow {
  id: string;
  organisation_id: string;
  event_id: string;
  topic: string;
  target_kind: TargetKind;
  endpoint_id: string | null;
  status: DeliveryStatus;
  attempts: number;
  attempts_total: number;
  next_attempt_at: Date | null;
  last_url: string | null;
  last_status_code: number | null;
  last_latency_ms: number | null;
  last_response: string | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}

const DELIVERY_COLUMNS =
  'id, organisation_id, event_id, topic, target_kind, endpoint_id, status, attempts, attempts_total, next_attempt_at, last_url, last_status_code, last_latency_ms, last_response, last_error, created_at, updated_at, delivered_at';

export interface AttemptRow {
  delivery_id: string;
  attempt: number;
  url: string;
  started_at: Date;
  status_code: number | null;
  latency_ms: number;
  response_excerpt: string | null;
  error: string | null;
  succeeded: boolean;
}

export async function listDeliveries(
  q: Queryable,
  organisationId: string,
  filter: { endpointId?: string; targetKind?: TargetKind },
  limit: number,
  offset: number,
): Promise<{ rows: DeliveryRow[]; total: number }> {
  const where = `organisation_id = $1 AND ($2::uuid IS NULL OR endpoint_id = $2) AND ($3::text IS NULL OR target_kind = $3)`;
  const params = [organisationId, filter.endpointId ?? null, filter.targetKind ?? null];
  const page = await q.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5`,
    [...params, limit, offset],
  );
  const count = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE ${where}`, params);
  return { rows: page.rows, total: count.rows[0]!.n };
}

export async function attemptsOf(q: Queryable, deliveryIds: string[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  const { rows } = await q.query<AttemptRow>(
    `SELECT delivery_id, attempt, url, started_at, status_code, latency_ms, response_excerpt, error, succeeded
       FROM webhook_delivery_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY id`,
    [deliveryIds],
  );
  return rows;
}

export async function findDelivery(q: Queryable, organisationId: string, id: string): Promise<DeliveryRow | null> {
  const { rows } = await q.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE organisation_id = $1 AND id = $2`, [
    organisationId,
    id,
  ]);
  return rows[0] ?? null;
}

/** Makes a delivery due now with a fresh retry budget, guarded by the allowed source states. */
export async function redeliver(q: Queryable, organisationId: string, id: string, from: DeliveryStatus[], now: Date): Promise<DeliveryRow | null> {
  const { rows } = await q.query<DeliveryRow>(
    `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $4, updated_at = $4
      WHERE organisation_id = $1 AND id = $2 AND status = ANY($3::text[]) RETURNING ${DELIVERY_COLUMNS}`,
    [organisationId, id, from, now],
  );
  return rows[0] ?? null;
}
