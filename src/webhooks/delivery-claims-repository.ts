// SQL the delivery worker claims deliveries and records attempts with (all organisations, by design:
// it delivers for all of them).
import type { Queryable } from '../db/database.js';
import type { TargetKind } from './schedule.js';
import type { DeliveryStatus } from './states.js';

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
  /** What sending needs, read in the same statement: the endpoint (null: it no longer exists)… */
  endpoint_url: string | null;
  endpoint_enabled: boolean | null;
  endpoint_secret: string | null;
  /** …or the merchant's callback URL and its active key (the key and its secret from one row). */
  callback_url: string | null;
  merchant_key: string | null;
  merchant_secret: string | null;
}

/**
 * The claim (claim-turn.ts runs it): due deliveries in one statement, at most `cap` in flight per
 * target (in flight = delivering with a live lease), fairest first: each target's earliest rows before
 * any target's later ones, so a backlog for one dead receiver cannot crowd out the others. Rows another
 * worker holds are skipped, not waited for; claimed rows move to `delivering` with a lease.
 *
 * Ordered deliveries (an ordering key: one invoice, one offer) go one at a time per target and key,
 * in outbox order: a delivery is skipped while an older one of the same target and key is still
 * pending or delivering (being sent, or waiting for its retry), and while an older outbox row of the
 * same organisation and key is not dispatched yet (its delivery to this target may not exist yet:
 * replicas dispatch batches in parallel). Both rows become visible in one commit, so a claimer never
 * sees neither. Claimers are serialised (claim-turn.ts), so two replicas cannot both take the head.
 *
 * The claimed rows come back with what sending them needs (endpoint URL and secret, or the merchant's
 * callback URL and active key), so a batch of any size costs this one statement.
 *
 * The plan stays proportional to what it takes (migration 30): a skip scan finds the targets with
 * unfinished rows, and for each the index yields its earliest due rows, up to its free slots. Sorting
 * every due row on each claim cost 30 ms at a backlog of 20 000 (plus JIT compilation on top).
 *
 * $1 now, $2 cap, $3 limit, $4 states claimable from, $5 lease end, $6 lease token; `extra` adds
 * columns at the end of its rows.
 */
export const claimDueSql = (extra = '') => `WITH RECURSIVE targets AS (
       (SELECT target_key FROM webhook_deliveries WHERE status IN ('pending', 'delivering') ORDER BY target_key LIMIT 1)
       UNION ALL
       SELECT (SELECT w.target_key FROM webhook_deliveries w
                WHERE w.status IN ('pending', 'delivering') AND w.target_key > t.target_key ORDER BY w.target_key LIMIT 1)
         FROM targets t WHERE t.target_key IS NOT NULL
     ), due AS (
       SELECT c.id, c.rn, c.next_attempt_at, c.seq
         FROM targets t
        CROSS JOIN LATERAL (
          SELECT count(*)::int AS n FROM webhook_deliveries f
           WHERE f.target_key = t.target_key AND f.status = 'delivering' AND f.next_attempt_at > $1) inflight
        CROSS JOIN LATERAL (
          SELECT h.id, h.next_attempt_at, h.seq, row_number() OVER (ORDER BY h.next_attempt_at, h.seq, h.id) AS rn
            FROM (SELECT d.id, d.next_attempt_at, d.seq FROM webhook_deliveries d
                   WHERE d.target_key = t.target_key AND d.status IN ('pending', 'delivering') AND d.next_attempt_at <= $1
                     AND (d.ordering_key IS NULL OR (
                           NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                                        WHERE e.target_key = d.target_key AND e.ordering_key = d.ordering_key AND e.seq < d.seq
                                          AND e.status IN ('pending', 'delivering'))
                       AND NOT EXISTS (SELECT 1 FROM outbox o
                                        WHERE o.organisation_id = d.organisation_id AND o.ordering_key = d.ordering_key AND o.id < d.seq
                                          AND o.dispatched_at IS NULL)))
                   ORDER BY d.next_attempt_at, d.seq, d.id
                   LIMIT $2) h) c
        WHERE t.target_key IS NOT NULL AND c.rn <= $2 - inflight.n
        ORDER BY c.rn, c.next_attempt_at, c.seq, c.id
        LIMIT $3
     ), claimed AS (
       -- The ids as an array: looked up by primary key. As a join, a backlog younger than the table's
       -- statistics made the planner scan every due row (and the same in finishCtes).
       UPDATE webhook_deliveries d SET status = 'delivering', next_attempt_at = $5, lease_token = $6,
              attempts = d.attempts + 1, attempts_total = d.attempts_total + 1, updated_at = $1
        WHERE d.id = ANY(ARRAY(SELECT w.id FROM webhook_deliveries w WHERE w.id = ANY(ARRAY(SELECT id FROM due))
                                 AND w.status = ANY($4::text[]) AND w.next_attempt_at <= $1
                                 FOR UPDATE SKIP LOCKED))
        RETURNING d.id, d.organisation_id, d.event_id, d.topic, d.target_kind, d.target_key, d.endpoint_id, d.body,
                  d.attempts, d.attempts_total, d.lease_token
     )
     SELECT c.id, c.organisation_id, c.event_id, c.topic, c.target_kind, c.target_key, c.endpoint_id, c.body,
            c.attempts, c.attempts_total, c.lease_token,
            e.url AS endpoint_url, e.enabled AS endpoint_enabled, e.secret_encrypted AS endpoint_secret,
            m.callback_url, k.key AS merchant_key, k.secret_encrypted AS merchant_secret${extra}
       FROM claimed c
       LEFT JOIN webhook_endpoints e ON e.id = c.endpoint_id
       LEFT JOIN merchant_settings m ON c.target_kind = 'merchant_callback' AND m.organisation_id = c.organisation_id
       LEFT JOIN LATERAL (
         SELECT mk.key, mk.secret_encrypted FROM merchant_keys mk
          WHERE c.target_kind = 'merchant_callback' AND mk.organisation_id = c.organisation_id AND mk.revoked_at IS NULL
          ORDER BY mk.created_at DESC LIMIT 1) k ON true`;

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

/** An endpoint whose run of failures this batch extended: the caller decides whether to switch it off. */
export interface FailingEndpoint {
  id: string;
  consecutive_failures: number;
  failing_since: Date | null;
}

/** finishAttempts' statement up to its last part, reading the records (AttemptRecord JSON, recordsJson) from `records`. */
export const finishCtes = (records: string) => `WITH r AS (
       SELECT * FROM jsonb_to_recordset(${records}::jsonb) AS r(ord int, delivery_id uuid, lease_token uuid, attempt int, url text,
                started_at timestamptz, status_code int, latency_ms int, response text, error text, succeeded boolean,
                status text, next_attempt_at timestamptz, now timestamptz)
     ), d AS (
       UPDATE webhook_deliveries w SET status = r.status, next_attempt_at = r.next_attempt_at, lease_token = NULL, last_url = r.url,
              last_status_code = r.status_code, last_latency_ms = r.latency_ms, last_response = r.response, last_error = r.error,
              updated_at = r.now, delivered_at = CASE WHEN r.status = 'delivered' THEN r.now ELSE w.delivered_at END
         FROM r WHERE w.id = ANY(ARRAY(SELECT delivery_id FROM r)) AND w.id = r.delivery_id
                  -- The status as a subquery's value, not a constant: a constant matches the partial index of
                  -- unfinished rows (migration 30), and with statistics older than the backlog the planner
                  -- ANDed a scan of that whole index with the ids (5,744 entries for 64 rows, auto_explain).
                  AND w.status = (SELECT 'delivering'::text) AND w.lease_token = r.lease_token
       RETURNING w.endpoint_id, r.ord, r.succeeded, r.now
     ), a AS (
       INSERT INTO webhook_delivery_attempts (delivery_id, attempt, url, started_at, status_code, latency_ms, response_excerpt, error, succeeded)
       SELECT r.delivery_id, r.attempt, r.url, r.started_at, r.status_code, r.latency_ms, r.response, r.error, r.succeeded
         FROM r WHERE EXISTS (SELECT 1 FROM webhook_deliveries w WHERE w.id = r.delivery_id)
     ), runs AS (
       SELECT endpoint_id, max(ord) FILTER (WHERE succeeded) AS last_success FROM d WHERE endpoint_id IS NOT NULL GROUP BY endpoint_id
     ), per AS (
       SELECT d.endpoint_id, bool_or(runs.last_success IS NOT NULL) AS reset,
              count(*) FILTER (WHERE NOT d.succeeded AND d.ord > coalesce(runs.last_success, -1))::int AS failures,
              min(d.now) FILTER (WHERE NOT d.succeeded AND d.ord > coalesce(runs.last_success, -1)) AS first_failure
         FROM d JOIN runs ON runs.endpoint_id = d.endpoint_id GROUP BY d.endpoint_id
     )`;

/** finishAttempts' last part: each endpoint whose run of failures changed, with `failures`, how many this batch added. */
export const FINISH_UPDATE = `UPDATE webhook_endpoints e
        SET consecutive_failures = CASE WHEN p.reset THEN p.failures ELSE e.consecutive_failures + p.failures END,
            failing_since = CASE WHEN p.failures = 0 THEN NULL WHEN p.reset THEN p.first_failure
                                 ELSE coalesce(e.failing_since, p.first_failure) END
       FROM per p WHERE e.id = p.endpoint_id AND (p.failures > 0 OR e.consecutive_failures <> 0)
     RETURNING e.id, e.consecutive_failures, e.failing_since, p.failures`;

/** The records as finishAttempts' statement reads them: in the order the attempts finished (`ord`). */
export const recordsJson = (records: AttemptRecord[]): string =>
  JSON.stringify(
    records.map((r, ord) => ({
      ord,
      delivery_id: r.deliveryId,
      lease_token: r.leaseToken,
      attempt: r.attempt,
      url: r.url,
      started_at: r.startedAt,
      status_code: r.statusCode,
      latency_ms: r.latencyMs,
      response: r.response,
      error: r.error,
      succeeded: r.succeeded,
      status: r.status,
      next_attempt_at: r.nextAttemptAt,
      now: r.now,
    })),
  );

/**
 * Records a batch of finished attempts, successes and failures alike, in one statement: each
 * delivery's new state (delivered, pending with its next attempt time, or failed), fenced by its
 * lease token (if the lease ran out and another worker re-claimed the row, a late result only lands
 * in the attempt log), every attempt logged, and each endpoint's run of failures: the batch is in
 * the order the attempts finished, so a success resets the run and only the failures after an
 * endpoint's last success in the batch extend it. Returns the endpoints whose run grew. The running
 * worker records in its turn instead (claim-turn.ts), with the same SQL.
 */
export async function finishAttempts(q: Queryable, records: AttemptRecord[]): Promise<FailingEndpoint[]> {
  if (records.length === 0) return [];
  const { rows } = await q.query<FailingEndpoint & { failures: number }>(`${finishCtes('$1')}\n     ${FINISH_UPDATE}`, [
    recordsJson(records),
  ]);
  return rows
    .filter((row) => row.failures > 0)
    .map(({ id, consecutive_failures, failing_since }) => ({ id, consecutive_failures, failing_since }));
}
