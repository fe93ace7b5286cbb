// Changes a webhook endpoint. Disabling it by hand also fails its waiting deliveries: a disabled
// endpoint gets nothing. Enabling it again starts a fresh run of failures (the repository resets it).
import type { Context } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { abandonPending } from './deliveries-repository.js';
import { updateEndpoint as updateEndpointRow } from './endpoints-repository.js';
import { endpointView, type EndpointView } from './serialize.js';
import { checkEvents, targetUrl } from './validate.js';

export interface UpdateEndpointInput {
  id: string;
  url?: string;
  /** null (or blank) clears it. */
  description?: string | null;
  events?: string[];
  enabled?: boolean;
}

export async function updateEndpoint(ctx: Context, input: UpdateEndpointInput): Promise<EndpointView> {
  const { deps, organisationId } = ctx;
  const patch = {
    url: input.url === undefined ? undefined : targetUrl(deps.config, input.url, 'url'),
    description: input.description === undefined ? undefined : input.description?.trim() || null,
    events: input.events === undefined ? undefined : checkEvents(input.events),
    enabled: input.enabled,
  };
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const row = await updateEndpointRow(tx, organisationId, input.id, patch, now);
    if (!row) throw notFound('Webhook');
    if (input.enabled === false) await abandonPending(tx, row.id, 'Endpoint disabled.', now);
    return endpointView(row);
  });
}
