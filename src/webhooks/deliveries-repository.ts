// SQL for webhook deliveries and their attempt log: fan-out inserts (the dispatcher), the tenant-scoped
// delivery log and redelivery, and pruning (the retention job). Claiming and finishing attempts: delivery-claims-repository.ts.
import type { Queryable } from '../db/database.js';
import type { DeliveryStatus } from './states.js';
import type { TargetKind } from './schedule.js';

export interface NewDelivery {
  id: string;
  organisationId: string;
  eventId: string;
  topic: string;
  targetKind: TargetKind;
  targetKey: string;
  endpointId: string | null;
  body: string;
  /** Deliveries of one target with the same key go out one at a time, in `seq` (outbox id) order. */
  orderingKey: string | null;
  seq: bigint;
}

/** Idempotent per (event, target): a re-dispatched outbox row never doubles a delivery. */
export async function insertDeliveries(tx: Queryable, deliveries: NewDelivery[], now: Date): Promise<void> {
  if (deliveries.length === 0) return;
  await tx.query(
    `INSERT INTO webhook_deliveries (id, organisation_id, event_id, topic, target_kind, target_key, endpoint_id, body, ordering_key, seq,
                                     status, next_attempt_at, created_at, updated_at)
     SELECT d.id, d.organisation_id, d.event_id, d.topic, d.target_kind, d.target_key, d.endpoint_id, d.body, d.ordering_key, d.seq,
            'pending', $2, $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS d(id uuid, organisation_id uuid, event_id text, topic text, target_kind text, target_key text,
                                               endpoint_id uuid, body text, ordering_key text, seq bigint)
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
          ordering_key: d.orderingKey,
          seq: String(d.seq),
        })),
      ),
      now,
    ],
  );
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
export async function redeliver(
  q: Queryable,
  organisationId: string,
  id: string,
  from: DeliveryStatus[],
  now: Date,
): Promise<DeliveryRow | null> {
  const { rows } = await q.query<DeliveryRow>(
    `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $4, updated_at = $4
      WHERE organisation_id = $1 AND id = $2 AND status = ANY($3::text[]) RETURNING ${DELIVERY_COLUMNS}`,
    [organisationId, id, from, now],
  );
  return rows[0] ?? null;
}

// ── retention ───────────────────────────────────────────────────────────────────────────────

/**
 * One batch of finished deliveries and their attempts.
 *
 * When a delivery finished: `delivered_at` is set for delivered rows only; there is no column for
 * when a delivery failed. `updated_at` is written by every status change (claim, attempt result,
 * success, abandoning on disable, redelivery) and by nothing else, and a delivered or failed row is
 * not changed again until a redelivery makes it pending. So for a finished row `updated_at` is the
 * time it finished — the one column that means the same for both outcomes.
 *
 * The rows are locked (SKIP LOCKED) with the status re-checked on the latest version, so a delivery
 * being redelivered at this moment is either skipped or seen as pending, never deleted. The attempts
 * are deleted explicitly so that they can be counted; the foreign key's ON DELETE CASCADE would
 * remove them anyway.
 */
export async function deleteFinishedBatch(conn: Queryable, cutoff: Date, limit: number): Promise<{ deliveries: number; attempts: number }> {
  const { rows } = await conn.query<{ deliveries: number; attempts: number }>(
    `WITH victims AS (
       SELECT id FROM webhook_deliveries
        WHERE status IN ('delivered', 'failed') AND updated_at < $1
        LIMIT $2 FOR UPDATE SKIP LOCKED
     ), gone_attempts AS (
       DELETE FROM webhook_delivery_attempts WHERE delivery_id = ANY(ARRAY(SELECT id FROM victims)) RETURNING 1
     ), gone_deliveries AS (
       DELETE FROM webhook_deliveries WHERE id = ANY(ARRAY(SELECT id FROM victims)) RETURNING 1
     )
     SELECT (SELECT count(*) FROM gone_deliveries)::int AS deliveries, (SELECT count(*) FROM gone_attempts)::int AS attempts`,
    [cutoff, limit],
  );
  return rows[0] ?? { deliveries: 0, attempts: 0 };
}
