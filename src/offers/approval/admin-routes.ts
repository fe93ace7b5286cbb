// The admin API for an organisation's approval policy (present only with ADMIN_TOKEN, like the rest).
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { requestMeta, type Context } from '../../platform/context.js';
import type { App, Deps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import { ProblemResponses } from '../../platform/schemas.js';
import { requireAdminToken } from '../../organisations/admin-routes.js';
import { findOrganisation } from '../../organisations/repository.js';
import { deletePolicy, getPolicy, setPolicy } from './policy-settings.js';
import { PolicyInputBody } from './schemas.js';

const Uuid = Type.String({ format: 'uuid' });
const IdParams = Type.Object({ id: Uuid });
const Approver = Type.Object({
  id: Uuid,
  label: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean({ description: 'False once the token is revoked' }),
});

const UserApprover = Type.Object({
  id: Uuid,
  name: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean({ description: 'False once the user is removed or their role may no longer decide approvals' }),
});

const PolicyRead = Type.Object({
  minContractValueCents: Type.Union([Type.Integer(), Type.Null()]),
  steps: Type.Array(
    Type.Object({
      order: Type.Integer(),
      name: Type.String(),
      quorum: Type.Integer(),
      approvers: Type.Array(Approver),
      users: Type.Array(UserApprover),
    }),
  ),
  updatedAt: Type.String({ format: 'date-time' }),
});

export function registerApprovalPolicyAdminRoutes(app: App, deps: Deps): void {
  const adminToken = deps.config.adminToken;
  if (!adminToken) return;
  const authenticate = requireAdminToken(adminToken);
  const common = { tags: ['Admin'], security: [{ AdminToken: [] }], params: IdParams };
  const url = '/admin/organisations/:id/approval-policy';

  /** The admin acts for the organisation the path names; 404 when there is none. */
  const ctxFor = async (request: FastifyRequest, organisationId: string): Promise<Context> => {
    if (!(await findOrganisation(deps.db, organisationId))) throw notFound('Organisation');
    return { deps, organisationId, actor: { kind: 'admin' }, request: requestMeta(request) };
  };

  app.put(url, {
    onRequest: authenticate,
    schema: {
      ...common,
      summary: "Set the organisation's offer approval policy",
      body: PolicyInputBody,
      response: { 200: PolicyRead, ...ProblemResponses },
    },
    handler: async (request) => setPolicy(await ctxFor(request, request.params.id), request.body),
  });

  app.get(url, {
    onRequest: authenticate,
    schema: {
      ...common,
      summary: 'Get the offer approval policy (404 when none: offers go live without approval)',
      response: { 200: PolicyRead, ...ProblemResponses },
    },
    handler: async (request) => getPolicy(await ctxFor(request, request.params.id)),
  });

  app.delete(url, {
    onRequest: authenticate,
    schema: {
      ...common,
      summary: 'Remove the approval policy (pending requests stay decidable)',
      response: { 204: Type.Null(), ...ProblemResponses },
    },
    handler: async (request, reply) => {
      await deletePolicy(await ctxFor(request, request.params.id));
      return reply.status(204).send(null);
    },
  });
}
