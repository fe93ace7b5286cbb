// Ordering keys: events with the same key reach each target one at a time, in the order they were
// written (see delivery-claims-repository.ts, claimDue, and docs/webhooks.md).

/**
 * The key that orders an event's deliveries: the one it was written with, else for offer events the
 * offer (`data.offerId` for approval events, `data.id` for the offer itself). Null: unordered.
 * Decided at enqueue, so the outbox row carries it (the claim query checks undispatched rows by key).
 */
export function orderingKeyOf(row: { topic: string; payload: unknown; ordering_key?: string | null }): string | null {
  if (row.ordering_key) return row.ordering_key;
  if (!row.topic.startsWith('offer.')) return null;
  const data = (row.payload as { data?: { offerId?: unknown; id?: unknown } } | null)?.data;
  const id = data?.offerId ?? data?.id;
  return typeof id === 'string' && id !== '' ? `offer:${id}` : null;
}
