// SQL for the callbacks of one ordering key (an invoice: `invoice:<id>`), tenant-scoped: the outbox
// rows written for it, each with the status its body carried, and their deliveries to the merchant's
// callback URL. Both use the partial indexes of migration 32 (the predicates are literals, so a
// generic plan matches them too).
import type { Queryable } from '../db/database.js';
import { MERCHANT_CALLBACK_TOPIC } from '../platform/events.js';
import type { DeliveryRow } from './deliveries-repository.js';

export interface CallbackEventRow {
  event_id: string;
  status: string | null;
  created_at: Date;
  dispatched_at: Date | null;
}

/** The merchant callbacks written with `orderingKey`, oldest first (pruned like every outbox row). */
export async function callbackEventsOf(q: Queryable, organisationId: string, orderingKey: string): Promise<CallbackEventRow[]> {
  const { rows } = await q.query<CallbackEventRow>(
    `SELECT event_id, payload->>'status' AS status, created_at, dispatched_at FROM outbox
      WHERE organisation_id = $1 AND ordering_key = $2 AND topic = '${MERCHANT_CALLBACK_TOPIC}' ORDER BY id`,
    [organisationId, orderingKey],
  );
  return rows;
}

const COLUMNS =
  'id, organisation_id, event_id, topic, target_kind, endpoint_id, status, attempts, attempts_total, next_attempt_at, last_url, last_status_code, last_latency_ms, last_response, last_error, created_at, updated_at, delivered_at';

/** The deliveries of those callbacks to the merchant's callback URL, in the order they were written. */
export async function callbackDeliveriesOf(q: Queryable, organisationId: string, orderingKey: string): Promise<DeliveryRow[]> {
  const { rows } = await q.query<DeliveryRow>(
    `SELECT ${COLUMNS} FROM webhook_deliveries
      WHERE organisation_id = $1 AND ordering_key = $2 AND target_kind = 'merchant_callback' ORDER BY seq, id`,
    [organisationId, orderingKey],
  );
  return rows;
}
