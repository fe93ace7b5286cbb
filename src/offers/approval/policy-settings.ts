// The organisation's approval policy, set through the admin API: approvers must be active API tokens
// of the organisation, and a quorum cannot exceed its step's approvers.
import type { Context } from '../../platform/context.js';
import { AppError, notFound, type Violation } from '../../platform/errors.js';
import type { ApprovalPolicy } from './policy.js';
import * as repo from './repository.js';
import type { Step } from './states.js';

export interface PolicyInput {
  minContractValueCents?: number | null;
  steps: { name: string; approvers: string[]; quorum?: number }[];
}

/** Approvers with their current labels, and whether their token still works (a revoked one cannot decide). */
export function policyView(policy: ApprovalPolicy, active: Map<string, string | null>) {
  return {
    minContractValueCents: policy.minContractValueCents === null ? null : Number(policy.minContractValueCents),
    steps: policy.steps.map((s, i) => ({
      order: i + 1,
      name: s.name,
      quorum: s.quorum,
      approvers: s.approvers.map((a) => ({ id: a.id, label: active.has(a.id) ? active.get(a.id)! : a.label, active: active.has(a.id) })),
    })),
    updatedAt: policy.updatedAt.toISOString(),
  };
}

/** Approvers must be active API tokens of the organisation; a quorum cannot exceed its step's approvers. */
export async function setPolicy(ctx: Context, input: PolicyInput) {
  return ctx.deps.db.transaction(async (tx) => {
    const ids = [...new Set(input.steps.flatMap((s) => s.approvers.map((a) => a.toLowerCase())))];
    const approvers = await repo.findApprovers(tx, ctx.organisationId, ids);
    const violations: Violation[] = [];
    const steps: Step[] = input.steps.map((s, i) => {
      s.approvers.forEach((id, j) => {
        if (!approvers.has(id.toLowerCase()))
          violations.push({
            propertyPath: `steps[${i}].approvers[${j}]`,
            message: 'No active API token of this organisation has this id.',
          });
      });
      const quorum = s.quorum ?? 1;
      if (quorum > s.approvers.length)
        violations.push({
          propertyPath: `steps[${i}].quorum`,
          message: `The quorum cannot exceed the step's ${s.approvers.length} approver(s).`,
        });
      return {
        name: s.name.trim(),
        quorum,
        approvers: s.approvers.map((id) => ({ id: id.toLowerCase(), label: approvers.get(id.toLowerCase()) ?? null })),
      };
    });
    if (violations.length > 0) throw new AppError('unprocessable', 'The approval policy is invalid.', violations);
    const policy: ApprovalPolicy = {
      minContractValueCents:
        input.minContractValueCents === undefined || input.minContractValueCents === null ? null : BigInt(input.minContractValueCents),
      steps,
      updatedAt: ctx.deps.clock.now(),
    };
    await repo.upsertPolicy(tx, ctx.organisationId, policy);
    return policyView(policy, approvers);
  });
}

export async function getPolicy(ctx: Context) {
  const policy = await repo.findPolicy(ctx.deps.db, ctx.organisationId);
  if (!policy) throw notFound('Approval policy');
  return policyView(
    policy,
    await repo.findApprovers(
      ctx.deps.db,
      ctx.organisationId,
      policy.steps.flatMap((s) => s.approvers.map((a) => a.id)),
    ),
  );
}

/** Without a policy, publishing goes live at once; requests already pending stay decidable. */
export async function deletePolicy(ctx: Context): Promise<void> {
  if (!(await repo.deletePolicy(ctx.deps.db, ctx.organisationId))) throw notFound('Approval policy');
}
