// The approval policy screen (owner and admin: `organisation.manage`): the threshold, and steps to
// add, remove, reorder and fill with the people who approve. Saving checks the admin API's body
// schema and goes through the same use case (policy-settings.ts), keeping each step's active token
// approvers; a refusal shows the form as typed with each message next to its field, nothing changed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DECIDING_ROLES } from '../offers/approval/decider.js';
import { findPolicyView, setPolicy, type PolicyView } from '../offers/approval/policy-settings.js';
import { PolicyInputBody } from '../offers/approval/schemas.js';
import { checkBody } from '../platform/check-body.js';
import type { App } from '../platform/deps.js';
import { AppError } from '../platform/errors.js';
import { listUsers } from '../users/repository.js';
import { applyOp, fieldOf, formOf, inputOf, parseForm, type FieldErrors, type PolicyForm } from './approval-policy-form.js';
import { POLICY_PATH, policyPageView, type Candidate, type PolicyNotice } from './approval-policy-view.js';
import { approvalTextsFor } from './approvals-texts.js';
import { localiseError } from './error-texts.js';
import { sendPage } from './layout.js';
import type { ConsoleKit } from './plugin.js';
import { langOfRequest } from './session.js';

export function registerApprovalPolicyRoutes(app: App, kit: ConsoleKit): void {
  const manage = { schema: { hide: true }, preHandler: kit.guard('organisation.manage') };

  const candidates = async (organisationId: string): Promise<Candidate[]> =>
    (await listUsers(kit.deps.db, organisationId))
      .filter((u) => (DECIDING_ROLES as readonly string[]).includes(u.role))
      .map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role }));

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    saved: PolicyView | null,
    form: PolicyForm,
    notice: PolicyNotice,
    status = 200,
  ) => {
    const ctx = kit.context(request);
    const view = policyPageView(langOfRequest(request), kit.signed(request), saved, form, await candidates(ctx.organisationId), notice);
    return sendPage(reply.header('cache-control', 'no-store'), view, status);
  };

  app.get(POLICY_PATH, manage, async (request, reply) => {
    const saved = await findPolicyView(kit.context(request));
    return show(request, reply, saved, formOf(saved), { saved: (request.query as { saved?: unknown } | undefined)?.saved === '1' });
  });

  app.post(POLICY_PATH, manage, async (request, reply) => {
    const lang = langOfRequest(request);
    const t = approvalTextsFor(lang);
    const fields = (request.body ?? {}) as Record<string, unknown>;
    const ctx = kit.context(request);
    const saved = await findPolicyView(ctx);
    const typed = parseForm(fields, saved);
    // A step button: the form again with the change, nothing saved.
    const changed = applyOp(typed, fields._op);
    if (changed) return show(request, reply, saved, changed, {});
    const parsed = inputOf(typed, { threshold: t.badThreshold, quorum: t.badQuorum });
    if ('errors' in parsed) return show(request, reply, saved, typed, { error: t.invalid, fields: parsed.errors }, 400);
    try {
      checkBody(PolicyInputBody, parsed.input, lang);
      await setPolicy(ctx, parsed.input);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const refused = localiseError(error, lang);
      const byField: FieldErrors = {};
      const rest: string[] = [];
      for (const v of refused.violations) {
        const field = fieldOf(v.propertyPath);
        if (field) byField[field] = [...(byField[field] ?? []), v.message];
        else rest.push(v.message);
      }
      return show(request, reply, saved, typed, { error: [refused.message, ...rest].join(' '), fields: byField }, error.status);
    }
    return reply.redirect(`${POLICY_PATH}?saved=1`, 303);
  });
}
