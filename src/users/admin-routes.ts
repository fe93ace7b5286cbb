// The admin API for people: create a user (with a password or an invitation link) and list them.
// Registered only when ADMIN_TOKEN is set; never returns a password hash.
import { Type } from '@sinclair/typebox';
import type { App, Deps } from '../platform/deps.js';
import { notFound } from '../platform/errors.js';
import { ProblemResponses } from '../platform/schemas.js';
import { isoDate } from '../platform/time.js';
import { requireAdminToken } from '../organisations/admin-routes.js';
import { findOrganisation } from '../organisations/repository.js';
import { createUser, publicUser, type PublicUser } from './create-user.js';
import { ROLES } from './permissions.js';
import { listUsers } from './repository.js';

const Uuid = Type.String({ format: 'uuid' });
const UserRead = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: Type.Union(ROLES.map((r) => Type.Literal(r))),
  active: Type.Boolean({ description: 'Whether the user has chosen a password' }),
  createdAt: Type.String({ format: 'date-time' }),
});

const wire = (u: PublicUser) => ({ ...u, createdAt: isoDate(u.createdAt) });

export function registerUserAdminRoutes(app: App, deps: Deps): void {
  const adminToken = deps.config.adminToken;
  if (!adminToken) return; // the admin API's "off" answer covers /admin/* (organisations/admin-routes.ts)
  const authenticate = requireAdminToken(adminToken);
  const common = { tags: ['Admin'], security: [{ AdminToken: [] }] };

  app.post('/admin/organisations/:id/users', {
    onRequest: authenticate,
    schema: {
      ...common,
      summary: 'Create a console user: with a password, or invited by a one-time link (e-mailed when SMTP_URL is set)',
      params: Type.Object({ id: Uuid }),
      body: Type.Object(
        {
          email: Type.String({ maxLength: 254 }),
          name: Type.String({ maxLength: 200 }),
          role: Type.String({ enum: [...ROLES] }),
          password: Type.Optional(Type.String({ maxLength: 200 })),
        },
        { additionalProperties: false },
      ),
      response: {
        201: Type.Object({
          user: UserRead,
          invitation: Type.Union([
            Type.Object({
              emailed: Type.Boolean(),
              link: Type.Union([Type.String(), Type.Null()], { description: 'The one-time link, unless it was e-mailed' }),
              expiresAt: Type.String({ format: 'date-time' }),
            }),
            Type.Null(),
          ]),
        }),
        ...ProblemResponses,
      },
    },
    handler: async (request, reply) => {
      const created = await createUser(deps, request.params.id, request.body);
      return reply.status(201).send({
        user: wire(created.user),
        invitation: created.invitation && { ...created.invitation, expiresAt: isoDate(created.invitation.expiresAt) },
      });
    },
  });

  app.get('/admin/organisations/:id/users', {
    onRequest: authenticate,
    schema: {
      ...common,
      summary: "List the organisation's console users",
      params: Type.Object({ id: Uuid }),
      response: { 200: Type.Object({ data: Type.Array(UserRead) }), ...ProblemResponses },
    },
    handler: async (request) => {
      if (!(await findOrganisation(deps.db, request.params.id))) throw notFound('Organisation');
      return { data: (await listUsers(deps.db, request.params.id)).map((u) => wire(publicUser(u))) };
    },
  });
}
