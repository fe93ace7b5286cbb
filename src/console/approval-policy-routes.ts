// The approval policy screen (owner and admin: `organisation.manage`): choose the people who approve
// each step. Saving goes through the same use case as the admin API (policy-settings.ts), keeping
// the steps' active token approvers; what it refuses shows in words and nothing changes.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DECIDING_ROLES } from '../offers/approval/decider.js';
import { findPolicyView, setPolicy, type PolicyInput } from '../offers/approval/policy-settings.js';
import type { App } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { listUsers } from '../users/repository.js';
import { POLICY_PATH, formSteps, policyPageView, type Candidate, type PolicyNotice } from './approval-policy-view.js';
import { approvalTextsFor } from './approvals-texts.js';
import { sendPage } from './layout.js';
import type { ConsoleKit } from './plugin.js';
import { langOfRequest } from './session.js';

type Fields = Record<string, string | undefined>;
const WHOLE = /^\d{1,15}$/;

export function registerApprovalPolicyRoutes(app: App, kit: ConsoleKit): void {
  const manage = { schema: { hide: true }, preHandler: kit.guard('organisation.manage') };

  const candidates = async (organisationId: string): Promise<Candidate[]> =>
    (await listUsers(kit.deps.db, organisationId))
      .filter((u) => (DECIDING_ROLES as readonly string[]).includes(u.role))
      .map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role }));

  const show = async (request: FastifyRequest, reply: FastifyReply, notice: PolicyNotice, status = 200) => {
    const ctx = kit.context(request);
    const view = policyPageView(
      langOfRequest(request),
      kit.signed(request),
      await findPolicyView(ctx),
      await candidates(ctx.organisationId),
      notice,
    );
    return sendPage(reply, view, status);
  };

  app.get(POLICY_PATH, manage, async (request, reply) => {
    const saved = (request.query as { saved?: unknown } | undefined)?.saved === '1';
    return show(request, reply, { saved });
  });

  app.post(POLICY_PATH, manage, async (request, reply) => {
    const t = approvalTextsFor(langOfRequest(request));
    const fields = (request.body ?? {}) as Fields;
    const ctx = kit.context(request);
    const threshold = (fields.minContractValueCents ?? '').trim();
    if (threshold && !WHOLE.test(threshold)) return show(request, reply, { error: t.badThreshold }, 400);
    const steps = formSteps(await findPolicyView(ctx));
    const input: PolicyInput = { minContractValueCents: threshold ? Number(threshold) : null, steps: [] };
    for (const [i, step] of steps.entries()) {
      const quorum = (fields[`step${i}.quorum`] ?? '').trim();
      if (!/^[1-9]\d{0,2}$/.test(quorum)) return show(request, reply, { error: t.badQuorum }, 400);
      const prefix = `step${i}.user.`;
      input.steps.push({
        name: (fields[`step${i}.name`] ?? '').trim().slice(0, 100) || step.name,
        quorum: Number(quorum),
        // Tokens stay as they are; a revoked one can never decide again, so it is dropped.
        approvers: step.approvers.filter((a) => a.active).map((a) => a.id),
        users: Object.keys(fields)
          .filter((key) => key.startsWith(prefix) && fields[key] === 'on')
          .map((key) => key.slice(prefix.length)),
      });
    }
    try {
      await setPolicy(ctx, input);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const detail = [error.message, ...error.violations.map((v) => `${v.propertyPath}: ${v.message}`)].join(' ');
      return show(request, reply, { error: detail }, error.status);
    }
    return reply.redirect(`${POLICY_PATH}?saved=1`, 303);
  });
}
