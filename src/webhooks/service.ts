// Entry points for code that runs beside the server without a request (benchmarks, tests, embedding):
// they take the dependencies and an organisation id and act as the system. The API's routes call the
// use cases (create-endpoint.ts …) with a request context instead.
import { systemContext } from '../platform/context.js';
import { decryptSecret } from '../platform/crypto.js';
import type { Deps } from '../platform/deps.js';
import { notFound } from '../platform/errors.js';
import { createEndpoint as createEndpointAs, type CreateEndpointInput } from './create-endpoint.js';
import { findEndpoint } from './endpoints-repository.js';

export { getMerchantCallbackUrl, setMerchantCallbackUrl } from './merchant-callback-url.js';

export const createEndpoint = (deps: Deps, organisationId: string, input: CreateEndpointInput) =>
  createEndpointAs(systemContext(deps, organisationId, 'in-process'), input);

/** For tests and diagnostics inside the process only; never returned by the API after creation. */
export async function endpointSecret(deps: Pick<Deps, 'db' | 'secretKey'>, organisationId: string, id: string): Promise<string> {
  const row = await findEndpoint(deps.db, organisationId, id);
  if (!row) throw notFound('Webhook');
  return decryptSecret(deps.secretKey, row.secret_encrypted);
}
