// Users and roles for owners and admins: list, invite, change a role, remove. The target user is
// always looked up in the session's organisation (another organisation's id is a 404).
import type { FastifyRequest } from 'fastify';
import type { App } from '../platform/deps.js';
import { AppError, notFound } from '../platform/errors.js';
import { UUID } from '../platform/schemas.js';
import { createUser, publicUser } from '../users/create-user.js';
import { changeRole, removeUser, type Manager } from '../users/manage-users.js';
import { isRole, mayAssign } from '../users/permissions.js';
import { listUsers } from '../users/repository.js';
import { sendPage } from './layout.js';
import type { ConsoleKit } from './plugin.js';
import { localiseError } from './error-texts.js';
import { langOfRequest } from './session.js';
import { usersView, type UsersNotice } from './users-view.js';

type Fields = Record<string, string | undefined>;
const PATH = '/app/organisation/users';

export function registerUsersRoutes(app: App, kit: ConsoleKit): void {
  const manage = { schema: { hide: true }, preHandler: kit.guard('users.manage') };
  const { deps } = kit;

  const show = async (request: FastifyRequest, notice: UsersNotice, status = 200) => {
    const signed = kit.signed(request);
    const users = (await listUsers(deps.db, signed.user.organisation_id)).map(publicUser);
    return { view: usersView(langOfRequest(request), signed, users, notice), status };
  };
  const manager = (request: FastifyRequest): Manager => {
    const { user } = kit.signed(request);
    return { id: user.id, organisationId: user.organisation_id, role: user.role };
  };
  const targetId = (request: FastifyRequest): string => {
    const id = (request.params as { id: string }).id;
    if (!UUID.test(id)) throw notFound('User');
    return id.toLowerCase();
  };

  app.get(PATH, manage, async (request, reply) => {
    const { view } = await show(request, {});
    return sendPage(reply, view);
  });

  app.post(PATH, manage, async (request, reply) => {
    const { email = '', name = '', role = '' } = (request.body ?? {}) as Fields;
    const actor = manager(request);
    try {
      if (!isRole(role) || !mayAssign(actor.role, null, role)) throw new AppError('forbidden', 'Only an owner may make an owner.');
      const created = await createUser(deps, actor.organisationId, { email, name, role }, { lang: langOfRequest(request) });
      const { view } = await show(request, { invited: { email: created.user.email, link: created.invitation?.link ?? null } });
      return sendPage(reply.header('cache-control', 'no-store'), view, 201);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const e = localiseError(error, langOfRequest(request));
      const detail = [e.message, ...e.violations.map((v) => `${v.propertyPath}: ${v.message}`)].join(' ');
      const { view } = await show(request, { error: detail });
      return sendPage(reply, view, error.status);
    }
  });

  const act =
    (run: (request: FastifyRequest) => Promise<void>) => async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
      try {
        await run(request);
        return reply.redirect(PATH, 303);
      } catch (error) {
        if (!(error instanceof AppError) || error.status === 404 || error.status >= 500) throw error;
        const { view } = await show(request, { error: localiseError(error, langOfRequest(request)).message });
        return sendPage(reply, view, error.status);
      }
    };

  app.post(
    `${PATH}/:id/role`,
    manage,
    act(async (request) => {
      const role = ((request.body ?? {}) as Fields).role;
      if (!isRole(role)) throw new AppError('validation', 'Choose one of the roles.');
      await changeRole(deps, manager(request), { userId: targetId(request), role });
    }),
  );

  app.post(
    `${PATH}/:id/remove`,
    manage,
    act(async (request) => {
      await removeUser(deps, manager(request), { userId: targetId(request) });
    }),
  );
}
