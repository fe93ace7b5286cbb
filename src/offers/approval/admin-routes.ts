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

const PolicyInput = Type.Object(
  {
    minContractValueCents: Type.Optional(
      Type.Union([Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()], {
        description:
          'Offers whose contract value (cachedContractValueCents: annual recurring cents) is below this go live without approval; null or absent: every offer needs approval',
      }),
    ),
    steps: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 100 }),
          approvers: Type.Optional(
            Type.Array(Uuid, {
              maxItems: 50,
              uniqueItems: true,
              description: 'API token ids of the organisation (a step needs at least one approver or user)',
            }),
          ),
          users: Type.Optional(
            Type.Array(Uuid, {
              maxItems: 50,
              uniqueItems: true,
              description:
                'User ids of the organisation whose role may decide approvals (owner, admin, approver); they decide in the console',
            }),
          ),
          quorum: Type.Optional(Type.Integer({ minimum: 1, description: 'Approvals the step needs; default 1' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10, description: 'Decided in order; one rejection ends the request' },
    ),
  },
  { additionalProperties: false },
);

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
      body: PolicyInput,
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
