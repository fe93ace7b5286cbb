// Replaces the organisation's merchant key pair: the old pair stops working at once.
import type { Context } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import { issueMerchantKey } from './issue.js';
import * as repo from './repository.js';
import { forgetCredentials } from '../platform/credential-cache.js';

export async function rotateMerchantKey(ctx: Context) {
  const { deps, organisationId } = ctx;
  const issued = await deps.db.transaction(async (tx) => {
    if (!(await repo.findOrganisation(tx, organisationId))) throw notFound('Organisation');
    await repo.revokeMerchantKeys(tx, organisationId);
    return issueMerchantKey(tx, deps.secretKey, organisationId);
  });
  forgetCredentials(deps.db); // the old pair is refused here at once, on other replicas within CREDENTIAL_TTL_MS
  return issued;
}
