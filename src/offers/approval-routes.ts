// The offer's internal approval (staff only): its state, the requests waiting for a decision, approve and reject.
import { apiTokenContext } from '../platform/api-auth.js';
import type { App, Deps } from '../platform/deps.js';
import { IdempotencyHeaders } from '../platform/idempotency.js';
import { problem } from '../platform/schemas.js';
import { optionalBody } from '../platform/validation.js';
import { decideApproval } from './approval/decide.js';
import { getApproval, listPendingRequests } from './approval/queries.js';
import { errors, offerGuards, stateErrors } from './route-support.js';
import { Approval, ApproveBody, PendingApprovalList, PendingApprovalQuery, RejectBody } from './approval/schemas.js';
import { OfferIdParams } from './schemas.js';

export function registerApprovalRoutes(app: App, deps: Deps): void {
  const { read, write, once } = offerGuards(deps);
  const tags = ['Offer approval'];

  app.get('/api/offers/:id/approval', {
    onRequest: read,
    schema: {
      tags,
      summary: 'Get the internal approval state (staff only)',
      params: OfferIdParams,
      response: { 200: Approval, ...errors },
    },
    handler: async (request) => getApproval(apiTokenContext(deps, request), { offerId: request.params.id }),
  });

  app.get('/api/approval-requests', {
    onRequest: read,
    schema: {
      tags,
      'x-offerpay-extension': true,
      summary:
        'List approval requests waiting for a decision (x-offerpay-extension); decidableByMe=true: those the calling token may decide now',
      querystring: PendingApprovalQuery,
      response: { 200: PendingApprovalList, ...errors },
    },
    handler: async (request) => listPendingRequests(apiTokenContext(deps, request), request.query),
  });

  const decisionErrors = {
    ...stateErrors,
    403: problem('The token lacks the permission, is not an approver of the current step, or made the request'),
  };
  app.post('/api/offers/:id/approval/approve', {
    onRequest: write,
    preHandler: once,
    schema: {
      headers: IdempotencyHeaders,
      tags,
      summary: 'Approve the pending request; on quorum of the last step the offer goes live as the publish call asked',
      params: OfferIdParams,
      body: optionalBody(ApproveBody),
      response: { 200: Approval, ...decisionErrors },
    },
    handler: async (request) =>
      decideApproval(apiTokenContext(deps, request), {
        offerId: request.params.id,
        decision: 'approve',
        comment: request.body?.comment ?? null,
      }),
  });

  app.post('/api/offers/:id/approval/reject', {
    onRequest: write,
    preHandler: once,
    schema: {
      headers: IdempotencyHeaders,
      tags,
      summary: 'Reject the pending request (a comment is required); the offer stays open for re-publishing',
      params: OfferIdParams,
      body: RejectBody,
      response: { 200: Approval, ...decisionErrors },
    },
    handler: async (request) =>
      decideApproval(apiTokenContext(deps, request), { offerId: request.params.id, decision: 'reject', comment: request.body.comment }),
  });
}
