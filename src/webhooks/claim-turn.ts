// The delivery loop's turn as one PL/pgSQL function, so a turn is one statement (one round trip, one
// commit) instead of a transaction of five (BEGIN, record, lock, claim, COMMIT): it records the attempts
// that finished, takes the claimers' lock and claims into the slots they freed. The lock is a transaction
// lock, held to the statement's implicit commit; a VOLATILE function takes a new snapshot for each of its
// statements, so the claim sees every commit made before the lock was granted, as a claim after the lock
// in a transaction did. Named by the hash of its text like the other routines (db/routines.ts).
import type { Queryable } from '../db/database.js';
import { textVersion } from '../platform/crypto.js';
import {
  claimDueSql,
  FINISH_UPDATE,
  finishCtes,
  recordsJson,
  type AttemptRecord,
  type ClaimedRow,
  type FailingEndpoint,
} from './delivery-claims-repository.js';
import type { DeliveryStatus } from './states.js';

// `use_column`: the OUT columns share names with the tables' columns, which the queries mean.
// $1–$6 are claimDueSql's parameters, $7 the records (recordsJson).
const BODY = `(timestamptz, int, int, text[], timestamptz, uuid, jsonb)
  RETURNS TABLE (id uuid, organisation_id uuid, event_id text, topic text, target_kind text, target_key text,
                 endpoint_id uuid, body text, attempts int, attempts_total int, lease_token uuid, endpoint_url text,
                 endpoint_enabled boolean, endpoint_secret text, callback_url text, merchant_key text,
                 merchant_secret text, failing jsonb)
  LANGUAGE plpgsql VOLATILE AS $body$
#variable_conflict use_column
DECLARE
  failed jsonb;
BEGIN
  IF jsonb_array_length($7) > 0 THEN
    ${finishCtes('$7')}, f AS (${FINISH_UPDATE})
    SELECT jsonb_agg(jsonb_build_object('id', f.id, 'consecutive_failures', f.consecutive_failures,
                                        'failing_since', f.failing_since))
      INTO failed FROM f WHERE f.failures > 0;
  END IF;
  IF $3 > 0 THEN
    -- Serialises claimers to the commit, so the per-target cap holds across replicas.
    PERFORM pg_advisory_xact_lock(hashtext('offerpay:webhooks:claim'));
    RETURN QUERY ${claimDueSql(', NULL::jsonb')};
  END IF;
  -- The endpoints whose run of failures grew, on a row of their own.
  IF failed IS NOT NULL THEN
    RETURN QUERY SELECT NULL::uuid, NULL::uuid, NULL::text, NULL::text, NULL::text, NULL::text, NULL::uuid, NULL::text,
      NULL::int, NULL::int, NULL::uuid, NULL::text, NULL::boolean, NULL::text, NULL::text, NULL::text, NULL::text, failed;
  END IF;
END $body$`;

export const WEBHOOK_CLAIM_TURN = `webhook_claim_turn_${textVersion(BODY)}`;

export const WEBHOOK_CLAIM_TURN_SQL = `CREATE OR REPLACE FUNCTION ${WEBHOOK_CLAIM_TURN} ${BODY}`;

export interface Turn {
  /** Finished attempts to record first, in the order they finished. */
  records: AttemptRecord[];
  now: Date;
  /** Deliveries in flight at once per target. */
  cap: number;
  /** Deliveries to claim at most (0: only record). */
  limit: number;
  from: DeliveryStatus[];
  leaseUntil: Date;
  leaseToken: string;
}

/** One turn in one statement: the claimed deliveries, and the endpoints whose run of failures the records extended. */
export async function claimTurn(q: Queryable, turn: Turn): Promise<{ claimed: ClaimedRow[]; failing: FailingEndpoint[] }> {
  const { rows } = await q.query<
    ClaimedRow & { failing: { id: string; consecutive_failures: number; failing_since: string | null }[] | null }
  >(
    `SELECT * FROM ${WEBHOOK_CLAIM_TURN}($1, $2, $3, $4, $5, $6, $7)`,
    [turn.now, turn.cap, turn.limit, turn.from, turn.leaseUntil, turn.leaseToken, recordsJson(turn.records)],
    { prepare: true },
  );
  const failingRow = rows.find((r) => r.failing !== null);
  return {
    claimed: rows.filter((r) => r.failing === null),
    failing: (failingRow?.failing ?? []).map((f) => ({ ...f, failing_since: f.failing_since === null ? null : new Date(f.failing_since) })),
  };
}
