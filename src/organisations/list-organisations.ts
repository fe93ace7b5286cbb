// Lists every organisation (the admin API; not scoped to one).
import type { Context } from '../platform/context.js';
import * as repo from './repository.js';
import { organisationView } from './serialize.js';

export async function listOrganisations(ctx: Context<null>, input: { limit: number; offset: number }) {
  const { rows, total } = await repo.listOrganisations(ctx.deps.db, input.limit, input.offset);
  return { data: rows.map((r) => ({ ...organisationView(r), features: r.features })), total };
}
