// The organisation's approval policy, set through the admin API or the console: a step names
// approvers (active API tokens of the organisation) and approver people (users whose role may
// decide), and a quorum cannot exceed its step's approvers and people together.
import type { Context } from '../../platform/context.js';
import { AppError, notFound, type Violation } from '../../platform/errors.js';
import { activeApprovers } from './decider.js';
import type { ApprovalPolicy } from './policy.js';
import * as repo from './repository.js';
import type { Approver, Step } from './states.js';

export interface PolicyInput {
  minContractValueCents?: number | null;
  /** `approvers`: API token ids; `users`: user ids. A step needs at least one of either. */
  steps: { name: string; approvers?: string[]; users?: string[]; quorum?: number }[];
}

type Active = Awaited<ReturnType<typeof activeApprovers>>;

/**
 * Token approvers with their current labels and whether the token still works (a revoked one cannot
 * decide); people with their current names and whether they still may decide (removed, or moved to a
 * role without `approvals.decide`: inactive).
 */
export function policyView(policy: ApprovalPolicy, active: Active) {
  return {
    minContractValueCents: policy.minContractValueCents === null ? null : Number(policy.minContractValueCents),
    steps: policy.steps.map((s, i) => ({
      order: i + 1,
      name: s.name,
      quorum: s.quorum,
      approvers: s.approvers
        .filter((a) => a.kind !== 'user')
        .map((a) => ({ id: a.id, label: active.tokens.has(a.id) ? active.tokens.get(a.id)! : a.label, active: active.tokens.has(a.id) })),
      users: s.approvers
        .filter((a) => a.kind === 'user')
        .map((a) => ({ id: a.id, name: active.users.get(a.id) ?? a.label, active: active.users.has(a.id) })),
    })),
    updatedAt: policy.updatedAt.toISOString(),
  };
}

export type PolicyView = ReturnType<typeof policyView>;

const lower = (ids: readonly string[] | undefined) => (ids ?? []).map((id) => id.toLowerCase());

/** Validates every id (422 with one violation each) and stores the policy; returns its view. */
export async function setPolicy(ctx: Context, input: PolicyInput): Promise<PolicyView> {
  return ctx.deps.db.transaction(async (tx) => {
    const named: Step[] = input.steps.map((s) => ({
      name: s.name.trim(),
      quorum: s.quorum ?? 1,
      approvers: [
        ...lower(s.approvers).map((id): Approver => ({ id, label: null })),
        ...lower(s.users).map((id): Approver => ({ id, label: null, kind: 'user' })),
      ],
    }));
    const active = await activeApprovers(tx, ctx.organisationId, named);
    const violations: Violation[] = [];
    const steps = named.map((step, i) => {
      lower(input.steps[i]!.approvers).forEach((id, j) => {
        if (!active.tokens.has(id))
          violations.push({
            propertyPath: `steps[${i}].approvers[${j}]`,
            message: 'No active API token of this organisation has this id.',
          });
      });
      lower(input.steps[i]!.users).forEach((id, j) => {
        if (!active.users.has(id))
          violations.push({
            propertyPath: `steps[${i}].users[${j}]`,
            message: 'No user of this organisation with a role that may decide approvals (owner, admin, approver) has this id.',
          });
      });
      if (new Set(step.approvers.map((a) => a.id)).size < step.approvers.length)
        violations.push({ propertyPath: `steps[${i}]`, message: 'An approver is named twice.' });
      if (step.approvers.length === 0)
        violations.push({ propertyPath: `steps[${i}]`, message: 'A step needs at least one approver (token) or user.' });
      else if (step.quorum > step.approvers.length)
        violations.push({
          propertyPath: `steps[${i}].quorum`,
          message: `The quorum cannot exceed the step's ${step.approvers.length} approver(s).`,
        });
      const label = (a: Approver) => (a.kind === 'user' ? (active.users.get(a.id) ?? null) : (active.tokens.get(a.id) ?? null));
      return { ...step, approvers: step.approvers.map((a) => ({ ...a, label: label(a) })) };
    });
    if (violations.length > 0) throw new AppError('unprocessable', 'The approval policy is invalid.', violations);
    const policy: ApprovalPolicy = {
      minContractValueCents:
        input.minContractValueCents === undefined || input.minContractValueCents === null ? null : BigInt(input.minContractValueCents),
      steps,
      updatedAt: ctx.deps.clock.now(),
    };
    await repo.upsertPolicy(tx, ctx.organisationId, policy);
    return policyView(policy, active);
  });
}

/** The policy with its approvers' current state, or null when there is none. */
export async function findPolicyView(ctx: Context): Promise<PolicyView | null> {
  const policy = await repo.findPolicy(ctx.deps.db, ctx.organisationId);
  return policy && policyView(policy, await activeApprovers(ctx.deps.db, ctx.organisationId, policy.steps));
}

export async function getPolicy(ctx: Context): Promise<PolicyView> {
  const view = await findPolicyView(ctx);
  if (!view) throw notFound('Approval policy');
  return view;
}

/** Without a policy, publishing goes live at once; requests already pending stay decidable. */
export async function deletePolicy(ctx: Context): Promise<void> {
  if (!(await repo.deletePolicy(ctx.deps.db, ctx.organisationId))) throw notFound('Approval policy');
}
