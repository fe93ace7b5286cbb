// Registers a webhook endpoint. Its secret is shown once and kept encrypted, because every delivery is signed with it.
import crypto from 'node:crypto';
import type { Context } from '../platform/context.js';
import { encryptSecret } from '../platform/crypto.js';
import { AppError } from '../platform/errors.js';
import { insertEndpoint, listEndpoints } from './endpoints-repository.js';
import { endpointView, type EndpointView } from './serialize.js';
import { newEndpointSecret } from './signing.js';
import { checkEvents, targetUrl } from './validate.js';

/** Every event fans out to every endpoint: a cap keeps one organisation from multiplying the delivery work. */
export const MAX_ENDPOINTS = 20;

export interface CreateEndpointInput {
  url: string;
  description?: string | null;
  events: string[];
  version?: string;
  enabled?: boolean;
}

export async function createEndpoint(ctx: Context, input: CreateEndpointInput): Promise<EndpointView & { secret: string }> {
  const { deps } = ctx;
  if ((await listEndpoints(deps.db, ctx.organisationId)).length >= MAX_ENDPOINTS) {
    throw new AppError('unprocessable', 'The request body is invalid.', [
      { propertyPath: 'url', message: `An organisation has at most ${MAX_ENDPOINTS} webhook endpoints; delete one first.` },
    ]);
  }
  const secret = newEndpointSecret();
  const row = await insertEndpoint(deps.db, {
    id: crypto.randomUUID(),
    organisationId: ctx.organisationId,
    url: targetUrl(deps.config, input.url, 'url'),
    description: input.description?.trim() || null,
    events: checkEvents(input.events),
    version: input.version ?? 'v1',
    secretEncrypted: encryptSecret(deps.secretKey, secret),
    enabled: input.enabled ?? true,
    now: deps.clock.now(),
  });
  return { ...endpointView(row), secret };
}
