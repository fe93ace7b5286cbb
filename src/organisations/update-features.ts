// Switches merchant features on or off; features not named keep their value.
import type { Context } from '../platform/context.js';
import { notFound } from '../platform/errors.js';
import * as repo from './repository.js';
import { forgetCredentials } from '../platform/credential-cache.js';

export async function updateFeatures(ctx: Context, input: Partial<repo.Features>): Promise<repo.Features> {
  const merged = await repo.mergeFeatures(ctx.deps.db, ctx.organisationId, input);
  if (!merged) throw notFound('Organisation');
  forgetCredentials(ctx.deps.db); // cached merchant principals carry the features
  return merged;
}
