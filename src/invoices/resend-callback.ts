// "Send again" for one callback of an invoice: the delivery goes back to the worker, due now, with a
// fresh retry budget (webhooks/redeliver.ts). The worker sends it as it sends every callback — the
// bytes fixed when it was written, signed with the key active at send time — and records the attempt
// after the earlier ones. The delivery row is one: a callback being sent right now is refused (409)
// rather than sent twice at once, and pressing again before the worker took it only moves its time.
import type { Context } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { UUID } from '../platform/schemas.js';
import { callbackDeliveriesOf } from '../webhooks/invoice-callbacks-repository.js';
import { redeliver } from '../webhooks/redeliver.js';
import type { DeliveryView } from '../webhooks/serialize.js';
import { findOwnInvoice } from './invoice-activity.js';
import { invoiceOrderingKey } from './lifecycle.js';

export async function resendCallback(ctx: Context, input: { invoiceId: bigint; deliveryId: string }): Promise<DeliveryView> {
  const invoice = await findOwnInvoice(ctx, input.invoiceId);
  const deliveryId = input.deliveryId.toLowerCase();
  // Only a callback of this invoice: another invoice's or organisation's delivery is not found.
  const deliveries = UUID.test(deliveryId)
    ? await callbackDeliveriesOf(ctx.deps.db, ctx.organisationId, invoiceOrderingKey(invoice.id))
    : [];
  if (!deliveries.some((d) => d.id === deliveryId)) throw notFound('Callback');
  return redeliver(ctx, { id: deliveryId });
}
