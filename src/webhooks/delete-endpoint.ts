// Deletes a webhook endpoint; its deliveries and their attempt log go with it (ON DELETE CASCADE).
import type { Context } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { deleteEndpoint as deleteEndpointRow } from './endpoints-repository.js';

export async function deleteEndpoint(ctx: Context, input: { id: string }): Promise<void> {
  if (!(await deleteEndpointRow(ctx.deps.db, ctx.organisationId, input.id))) throw notFound('Webhook');
}
