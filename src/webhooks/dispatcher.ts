// Outbox → deliveries. In one transaction: claim undispatched outbox rows and mark them dispatched
// (SKIP LOCKED, so replicas share the work), fan each out to its targets. A crash before the commit
// leaves the rows undispatched; the unique (event_id, target_key) makes a repeat harmless.
import crypto from 'node:crypto';
import { inCallbackOrder } from '../invoices/callback-order.js';
import type { Deps } from '../platform/deps.js';
import { isoDate } from '../platform/time.js';
import { isWebhookEvent, MERCHANT_CALLBACK_TOPIC, subscribes } from './events.js';
import { merchantCallbackUrlsOf } from './callback-urls-repository.js';
import { insertDeliveries, type NewDelivery } from './deliveries-repository.js';
import { enabledEndpointsOf, type EndpointRow } from './endpoints-repository.js';
import { claimOutbox, type OutboxRow } from './outbox-repository.js';
import { orderingKeyOf } from './ordering.js';
import { phpJsonEncode } from './php-json.js';

/** Fynn's webhook envelope; `event.id` is the outbox event id, the same on every attempt and endpoint. */
export function webhookBody(row: Pick<OutboxRow, 'event_id' | 'topic' | 'organisation_id' | 'payload' | 'created_at'>): string {
  return JSON.stringify({
    event: { type: row.topic, id: row.event_id, version: '1.0.0', created: isoDate(row.created_at) },
    tenantId: row.organisation_id,
    data: (row.payload as { data?: unknown }).data ?? {},
  });
}

/** Which deliveries one outbox row makes, given the organisation's targets. Pure. */
export function fanOut(row: OutboxRow, endpoints: EndpointRow[], callbackUrl: string | undefined): NewDelivery[] {
  const base = {
    organisationId: row.organisation_id,
    eventId: row.event_id,
    topic: row.topic,
    // Rows written before migration 13 have no key: the same rule, applied now.
    orderingKey: orderingKeyOf(row),
    seq: BigInt(row.id),
  };
  if (row.topic === MERCHANT_CALLBACK_TOPIC) {
    // The body is the one fixed at enqueue (PHP json_encode in the vendor's key order). A row without
    // one has only the jsonb payload: an invoice callback the database built (the cancel's), laid out
    // again in the vendor's order, or a row written before that column existed. Same encoding.
    // Without a callback URL there is no one to tell. The target key is per organisation, so each
    // merchant gets its own concurrency slots.
    if (!callbackUrl) return [];
    return [
      {
        ...base,
        id: crypto.randomUUID(),
        targetKind: 'merchant_callback',
        targetKey: `merchant:${row.organisation_id}`,
        endpointId: null,
        body: row.body ?? phpJsonEncode(row.payload.type === 'invoice' ? inCallbackOrder(row.payload) : row.payload),
      },
    ];
  }
  if (!isWebhookEvent(row.topic)) return [];
  const body = webhookBody(row);
  return endpoints
    .filter((e) => e.organisation_id === row.organisation_id && e.enabled && subscribes(e.events, row.topic))
    .map((e) => ({ ...base, id: crypto.randomUUID(), targetKind: 'endpoint' as const, targetKey: e.id, endpointId: e.id, body }));
}

/** Dispatches up to `limit` outbox rows; returns how many rows were taken. */
export async function dispatchOutbox(deps: Pick<Deps, 'db' | 'clock'>, limit = 200): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const rows = await claimOutbox(tx, limit, now);
    if (rows.length === 0) return 0;
    const organisations = [...new Set(rows.map((r) => r.organisation_id))];
    const endpoints = await enabledEndpointsOf(tx, organisations);
    const callbacks = await merchantCallbackUrlsOf(tx, organisations);
    await insertDeliveries(
      tx,
      rows.flatMap((row) => fanOut(row, endpoints, callbacks.get(row.organisation_id))),
      now,
    );
    return rows.length;
  });
}
