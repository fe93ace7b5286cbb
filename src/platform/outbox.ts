// Side effects leave through the outbox: a row written in the same transaction as the business
// change, delivered later by the webhooks worker. Nothing is sent before the commit.
import type { Queryable } from '../db/database.js';
import { insertRows, type Column, type Params } from '../db/write-batch.js';
import { orderingKeyOf } from '../webhooks/ordering.js';
import { phpJsonEncode } from '../webhooks/php-json.js';
import { MERCHANT_CALLBACK_TOPIC, type OutboxTopic } from './events.js';
import { ulid } from './ulid.js';

/**
 * Topics: Offers API events use Fynn's dotted event names (`offer.created`, `offer.signed` …) with
 * payload `{ data: <the offer as the API shows it> }`; the Merchant API writes `merchant.invoice_callback`
 * with the exact callback body as payload, its keys in the vendor's documented order.
 */
export interface OutboxEvent {
  organisationId: string;
  topic: OutboxTopic;
  payload: Record<string, unknown>;
  /**
   * Events with the same ordering key reach each target one at a time, in the order they were
   * written: a later one waits while an earlier one is being retried (until it is delivered or
   * finally fails). Use the resource, e.g. `invoice:<id>`. Offer events without one are ordered
   * per offer (`offer:<id>`); other events without one are not ordered.
   */
  orderingKey?: string;
}

/**
 * Enqueues an event inside the caller's transaction; returns its id (stable across redeliveries).
 * `payload` is stored as jsonb (queryable, but jsonb reorders keys). A merchant callback's bytes are
 * also fixed here, in `body`: PHP's `json_encode` of the payload, keys in the order given.
 */
export async function enqueue(tx: Queryable, event: OutboxEvent): Promise<string> {
  const values = outboxValues(event);
  await tx.query(
    'INSERT INTO outbox (organisation_id, event_id, topic, payload, ordering_key, body) VALUES ($1, $2, $3, $4, $5, $6)',
    values,
    {
      prepare: true,
    },
  );
  return values[1];
}

/** A new event's id: stable across redeliveries, sortable by creation. */
export const newEventId = () => `evt_${ulid()}`;

/**
 * The outbox row's values in column order (organisation_id, event_id, topic, payload, ordering_key,
 * body), for enqueue and for a statement that writes events together with its business change (outboxInsertSql).
 */
export function outboxValues(event: OutboxEvent): [string, string, string, string, string | null, string | null] {
  const body = event.topic === MERCHANT_CALLBACK_TOPIC ? phpJsonEncode(event.payload) : null;
  const orderingKey = orderingKeyOf({ topic: event.topic, payload: event.payload, ordering_key: event.orderingKey });
  return [event.organisationId, newEventId(), event.topic, JSON.stringify(event.payload), orderingKey, body];
}

const OUTBOX_COLUMNS: Column[] = [
  ['organisation_id', 'uuid'],
  ['event_id', 'text'],
  ['topic', 'text'],
  ['payload', 'jsonb'],
  ['ordering_key', 'text'],
  ['body', 'text'],
];

/** One INSERT of several events, in order (outbox ids, and so deliveries, follow it); for a WriteBatch. */
export function outboxInsertSql(p: Params, events: readonly OutboxEvent[], condition?: string): string {
  return insertRows(p, 'outbox', OUTBOX_COLUMNS, events.map(outboxValues), condition);
}
