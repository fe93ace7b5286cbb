// Sends a delivery again now, with a fresh retry budget. A delivery being sent right now is a 409,
// and so is one whose endpoint is disabled (it would get nothing).
import type { Context } from '../platform/context.js';
import { AppError, notFound } from '../platform/errors.js';
import { attemptsOf, findDelivery, redeliver as redeliverRow } from './deliveries-repository.js';
import { findEndpoint } from './endpoints-repository.js';
import { deliveryView, type DeliveryView } from './serialize.js';
import { statesAllowing } from './states.js';

export async function redeliver(ctx: Context, input: { id: string }): Promise<DeliveryView> {
  const { deps, organisationId } = ctx;
  const found = await findDelivery(deps.db, organisationId, input.id);
  if (!found) throw notFound('Delivery');
  if (found.endpoint_id) {
    const endpoint = await findEndpoint(deps.db, organisationId, found.endpoint_id);
    if (endpoint && !endpoint.enabled)
      throw new AppError('invalid_state', 'The webhook endpoint is disabled; enable it first (PATCH /webhooks/{id}).');
  }
  const row = await redeliverRow(deps.db, organisationId, input.id, statesAllowing('redeliver'), deps.clock.now());
  if (row) return deliveryView(row, await attemptsOf(deps.db, [row.id]));
  const existing = await findDelivery(deps.db, organisationId, input.id);
  if (!existing) throw notFound('Delivery');
  throw new AppError('invalid_state', `The delivery is ${existing.status}; try again when the attempt has finished.`);
}
