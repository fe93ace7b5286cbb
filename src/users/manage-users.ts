// Changing a user's role and removing a user, by an owner or admin of the same organisation. The
// organisation's owners are locked first, so two requests cannot together remove the last owner.
import type { Deps } from '../platform/deps.js';
import { AppError, notFound } from '../platform/errors.js';
import { mayAssign, type Role } from './permissions.js';
import * as repo from './repository.js';

export interface Manager {
  id: string;
  organisationId: string;
  role: Role;
}

const lastOwner = () => new AppError('conflict', 'The organisation needs at least one owner.');
const notAllowed = () => new AppError('forbidden', 'Only an owner may make, change or remove an owner.');

export async function changeRole(deps: Pick<Deps, 'db'>, actor: Manager, input: { userId: string; role: Role }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const owners = await repo.lockOwners(tx, actor.organisationId);
    const target = await repo.findUser(tx, actor.organisationId, input.userId);
    if (!target) throw notFound('User');
    if (!mayAssign(actor.role, target.role, input.role)) throw notAllowed();
    if (target.role === 'owner' && input.role !== 'owner' && owners.length <= 1) throw lastOwner();
    await repo.setRole(tx, actor.organisationId, target.id, input.role);
  });
}

export async function removeUser(deps: Pick<Deps, 'db'>, actor: Manager, input: { userId: string }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const owners = await repo.lockOwners(tx, actor.organisationId);
    const target = await repo.findUser(tx, actor.organisationId, input.userId);
    if (!target) throw notFound('User');
    if (!mayAssign(actor.role, target.role, null)) throw notAllowed();
    if (target.role === 'owner' && owners.length <= 1) throw lastOwner();
    await repo.deleteUser(tx, actor.organisationId, target.id);
  });
}
