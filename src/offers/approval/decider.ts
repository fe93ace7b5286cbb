// Who may approve: an API token, or a console user whose role may still decide. A user removed
// from the organisation, or moved to a role without `approvals.decide`, is no approver any more,
// even where a policy or a pending request still names them.
import type { Queryable } from '../../db/database.js';
import type { Context } from '../../platform/context.js';
import { UUID } from '../../platform/schemas.js';
import { can, ROLES } from '../../users/permissions.js';
import { findUser } from '../../users/repository.js';
import * as repo from './repository.js';
import type { Step } from './states.js';

export interface Decider {
  id: string;
  kind: repo.ActorKind;
  /** The token's label or the user's name, as decisions record it. */
  label: string | null;
}

/** The roles that may decide (the permission table's `approvals.decide`). */
export const DECIDING_ROLES = ROLES.filter((role) => can(role, 'approvals.decide'));

/** The acting token, or the acting user while their role may decide; null for anyone else. */
export async function deciderOf(q: Queryable, ctx: Context): Promise<Decider | null> {
  const { actor } = ctx;
  if (actor.kind === 'api_token')
    return { id: actor.tokenId, kind: 'api_token', label: await repo.tokenLabel(q, ctx.organisationId, actor.tokenId) };
  if (actor.kind !== 'user') return null;
  const user = await findUser(q, ctx.organisationId, actor.userId);
  return user && can(user.role, 'approvals.decide') ? { id: user.id, kind: 'user', label: user.name } : null;
}

/** The ids among the steps' approvers that can decide today: active tokens and users whose role may decide. */
export async function activeApprovers(
  q: Queryable,
  organisationId: string,
  steps: readonly Step[],
): Promise<{ tokens: Map<string, string | null>; users: Map<string, string> }> {
  // Only well-formed ids reach the query (the console's form fields are not schema-checked).
  const approvers = steps.flatMap((s) => s.approvers).filter((a) => UUID.test(a.id));
  const tokens = await repo.findApprovers(
    q,
    organisationId,
    approvers.filter((a) => a.kind !== 'user').map((a) => a.id),
  );
  const users = await repo.findApproverUsers(
    q,
    organisationId,
    approvers.filter((a) => a.kind === 'user').map((a) => a.id),
    DECIDING_ROLES,
  );
  return { tokens, users };
}

/** `deciderOf`'s id alone (for `canCurrentUserDecide`): a token without a look-up. */
export async function deciderIdOf(q: Queryable, ctx: Context): Promise<string | undefined> {
  if (ctx.actor.kind === 'api_token') return ctx.actor.tokenId;
  return (await deciderOf(q, ctx))?.id;
}
