// Replaces an endpoint's signing secret. The new one takes effect at once, for retries of earlier
// events too (deliveries are signed at send time).
import type { Context } from '../platform/context.js';
import { encryptSecret } from '../platform/crypto.js';
import { notFound } from '../platform/errors.js';
import { updateEndpoint } from './endpoints-repository.js';
import { endpointView, type EndpointView } from './serialize.js';
import { newEndpointSecret } from './signing.js';

export async function rotateSecret(ctx: Context, input: { id: string }): Promise<EndpointView & { secret: string }> {
  const { deps } = ctx;
  const secret = newEndpointSecret();
  const row = await updateEndpoint(
    deps.db,
    ctx.organisationId,
    input.id,
    { secretEncrypted: encryptSecret(deps.secretKey, secret) },
    deps.clock.now(),
  );
  if (!row) throw notFound('Webhook');
  return { ...endpointView(row), secret };
}
