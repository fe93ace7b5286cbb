// The approvals inbox (/app/approvals): every role sees it; a user the current step names decides
// with a comment through the same use case as the API (decide.ts), addressed by the request they
// saw, so a request replaced meanwhile is not decided by mistake. A refusal shows in words.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { decideApproval } from '../offers/approval/decide.js';
import { approvalInbox, MAX_INBOX_LIMIT, type InboxPaging } from '../offers/approval/inbox.js';
import { findRequest } from '../offers/approval/inbox-repository.js';
import { classifyError } from '../platform/classify-error.js';
import type { App } from '../platform/deps.js';
import { notFound } from '../platform/errors.js';
import { UUID } from '../platform/schemas.js';
import { approvalTextsFor } from './approvals-texts.js';
import { inboxView, type InboxNotice } from './approvals-view.js';
import { sendPage } from './layout.js';
import type { ConsoleKit } from './plugin.js';
import { registerApprovalPolicyRoutes } from './approval-policy-routes.js';
import { localiseError } from './error-texts.js';
import { langOfRequest } from './session.js';

const PATH = '/app/approvals';
const PAGE = /^[1-9]\d{0,5}$/;

/** The pages the URL asks for; a value that is no page number (or too large) reads as the first page or the default size. */
function pagingOf(query: unknown): InboxPaging {
  const q = (query ?? {}) as Record<string, unknown>;
  const page = (v: unknown) => (typeof v === 'string' && PAGE.test(v) ? Number(v) : 1);
  const limit = typeof q.limit === 'string' && PAGE.test(q.limit) ? Math.min(Number(q.limit), MAX_INBOX_LIMIT) : undefined;
  return { waitingPage: page(q.waitingPage), endedPage: page(q.decidedPage), ...(limit ? { limit } : {}) };
}
const COMMENT_MAX = 5000;

export function registerApprovalsRoutes(app: App, kit: ConsoleKit): void {
  const hide = { schema: { hide: true } };

  const show = async (request: FastifyRequest, reply: FastifyReply, notice: InboxNotice, status = 200) => {
    const inbox = await approvalInbox(kit.context(request), pagingOf(request.query));
    return sendPage(
      reply.header('cache-control', 'no-store'),
      inboxView(langOfRequest(request), kit.signed(request), inbox, notice, pagingOf(request.query)),
      status,
    );
  };

  app.get(PATH, { ...hide, preHandler: kit.guard('offers.read') }, async (request, reply) => {
    const done = (request.query as { done?: unknown } | undefined)?.done;
    return show(request, reply, { done: typeof done === 'string' ? done : undefined });
  });

  for (const decision of ['approve', 'reject'] as const) {
    app.post(`${PATH}/:id/${decision}`, { ...hide, preHandler: kit.guard('approvals.decide') }, async (request, reply) => {
      const t = approvalTextsFor(langOfRequest(request));
      const ctx = kit.context(request);
      const id = (request.params as { id: string }).id;
      const found = UUID.test(id) ? await findRequest(ctx.deps.db, ctx.organisationId, id.toLowerCase()) : null;
      if (!found) throw notFound('Approval request');
      const raw = (request.body as Record<string, unknown> | undefined)?.comment;
      const comment = typeof raw === 'string' ? raw.trim() : '';
      if (decision === 'reject' && !comment) return show(request, reply, { error: t.commentRequired }, 400);
      if (comment.length > COMMENT_MAX) return show(request, reply, { error: t.commentTooLong }, 400);
      try {
        await decideApproval(ctx, { offerId: found.offer_id, requestId: found.id, decision, comment: comment || null });
      } catch (error) {
        const appError = localiseError(classifyError(error), langOfRequest(request));
        if (appError.status >= 500 || appError.status === 404) throw error;
        const detail = [appError.message, ...appError.violations.map((v) => v.message)].join(' ');
        return show(request, reply, { error: detail }, appError.status);
      }
      return reply.redirect(`${PATH}?done=${decision === 'approve' ? 'approved' : 'rejected'}`, 303);
    });
  }

  registerApprovalPolicyRoutes(app, kit);
}
