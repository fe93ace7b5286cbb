// Wallet callbacks leave through the outbox, in the transaction that changed the wallet transaction.
import type { Queryable } from '../../db/database.js';
import { MERCHANT_CALLBACK_TOPIC } from '../../platform/events.js';
import { enqueue } from '../../platform/outbox.js';

export async function sendWalletCallback(tx: Queryable, organisationId: string, payload: Record<string, unknown>): Promise<void> {
  await enqueue(tx, { organisationId, topic: MERCHANT_CALLBACK_TOPIC, payload });
}
