// The delivery log: one endpoint's deliveries, or all of the organisation's (webhooks and merchant
// callbacks), newest first, each with its attempts.
import type { Context } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { attemptsOf, listDeliveries as listDeliveryRows } from './deliveries-repository.js';
import { findEndpoint } from './endpoints-repository.js';
import { deliveryView, type DeliveryView } from './serialize.js';

export interface ListDeliveriesInput {
  endpointId?: string;
  targetKind?: 'endpoint' | 'merchant_callback';
  limit: number;
  offset: number;
}

export async function listDeliveries(ctx: Context, input: ListDeliveriesInput): Promise<{ data: DeliveryView[]; total: number }> {
  const { db } = ctx.deps;
  const { endpointId, targetKind, limit, offset } = input;
  if (endpointId && !(await findEndpoint(db, ctx.organisationId, endpointId))) throw notFound('Webhook');
  const { rows, total } = await listDeliveryRows(db, ctx.organisationId, { endpointId, targetKind }, limit, offset);
  const attempts = await attemptsOf(
    db,
    rows.map((r) => r.id),
  );
  return { data: rows.map((r) => deliveryView(r, attempts)), total };
}
