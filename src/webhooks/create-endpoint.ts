// Registers a webhook endpoint. Its secret is shown once and kept encrypted, because every delivery is signed with it.
import crypto from 'node:crypto';
import type { Context } from '../platform/context.js';
import { encryptSecret } from '../platform/crypto.js';
import { insertEndpoint } from './endpoints-repository.js';
import { endpointView, type EndpointView } from './serialize.js';
import { newEndpointSecret } from './signing.js';
import { checkEvents, targetUrl } from './validate.js';

export interface CreateEndpointInput {
  url: string;
  events: string[];
  version?: string;
  enabled?: boolean;
}

export async function createEndpoint(ctx: Context, input: CreateEndpointInput): Promise<EndpointView & { secret: string }> {
  const { deps } = ctx;
  const secret = newEndpointSecret();
  const row = await insertEndpoint(deps.db, {
    id: crypto.randomUUID(),
    organisationId: ctx.organisationId,
    url: targetUrl(deps.config, input.url, 'url'),
    events: checkEvents(input.events),
    version: input.version ?? 'v1',
    secretEncrypted: encryptSecret(deps.secretKey, secret),
    enabled: input.enabled ?? true,
    now: deps.clock.now(),
  });
  return { ...endpointView(row), secret };
}
