// Wallet callbacks leave through the outbox, in the transaction that changed the wallet transaction,
// ordered per transaction (`not_confirmed` before `confirmed`, `processing` before `confirmed`).
import type { Queryable } from '../../db/database.js';
import { MERCHANT_CALLBACK_TOPIC } from '../../platform/events.js';
import { enqueue } from '../../platform/outbox.js';

export async function sendWalletCallback(
  tx: Queryable,
  organisationId: string,
  payload: Record<string, unknown> & { id: number },
): Promise<void> {
  await enqueue(tx, { organisationId, topic: MERCHANT_CALLBACK_TOPIC, payload, orderingKey: `wallet:${payload.id}` });
}
