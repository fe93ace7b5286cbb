// Reading the organisation's webhook endpoints (never their secrets).
import type { Context } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { findEndpoint, listEndpoints as listEndpointRows } from './endpoints-repository.js';
import { endpointView, type EndpointView } from './serialize.js';

export async function listEndpoints(ctx: Context): Promise<EndpointView[]> {
  return (await listEndpointRows(ctx.deps.db, ctx.organisationId)).map(endpointView);
}

export async function getEndpoint(ctx: Context, input: { id: string }): Promise<EndpointView> {
  const row = await findEndpoint(ctx.deps.db, ctx.organisationId, input.id);
  if (!row) throw notFound('Webhook');
  return endpointView(row);
}
