// Side effects leave through the outbox: a row written in the same transaction as the business
// change, delivered later by the webhooks worker. Nothing is sent before the commit.
import { ulid } from 'ulidx';
import type { Queryable } from '../db/database.js';
import type { OutboxTopic } from './events.js';

/**
 * Topics: Offers API events use Fynn's dotted event names (`offer.created`, `offer.signed` …) with
 * payload `{ data: <the offer as the API shows it> }`; the Merchant API writes `merchant.invoice_callback`
 * with the exact callback body as payload.
 */
export interface OutboxEvent {
  organisationId: string;
  topic: OutboxTopic;
  payload: Record<string, unknown>;
}

/** Enqueues an event inside the caller's transaction; returns its id (stable across redeliveries). */
export async function enqueue(tx: Queryable, event: OutboxEvent): Promise<string> {
  const eventId = `evt_${ulid()}`;
  await tx.query(
    'INSERT INTO outbox (organisation_id, event_id, topic, payload) VALUES ($1, $2, $3, $4)',
    [event.organisationId, eventId, event.topic, JSON.stringify(event.payload)],
    { prepare: true },
  );
  return eventId;
}
