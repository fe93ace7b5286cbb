// Who may do what in the console: one pure table the routes consult. A role not listed for an
// action is refused (403); nothing here touches the database or the request.

export const ROLES = ['owner', 'admin', 'seller', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export const ACTIONS = [
  /** See offers, their recipients, activities and documents. */
  'offers.read',
  /** Publish, cancel signing, archive, write offers. */
  'offers.write',
  /** Decide approval requests. */
  'approvals.decide',
  /** See the organisation's settings screens. */
  'organisation.read',
  /** List, invite, change the role of and remove users. */
  'users.manage',
  /** Write offer templates. */
  'templates.write',
  /** See merchant invoices, transactions, callbacks and balances. */
  'payments.read',
  /** Send a callback again; change payment settings (callback URL, network mode, keys). */
  'payments.manage',
  /** See and change webhook endpoints, their deliveries and redeliver. */
  'webhooks.manage',
  /** Change the organisation's profile (name, address, logo that head offers and invoice pages). */
  'organisation.manage',
] as const;
export type Action = (typeof ACTIONS)[number];

const TABLE: Record<Action, readonly Role[]> = {
  'offers.read': ['owner', 'admin', 'seller', 'approver', 'viewer'],
  'offers.write': ['owner', 'admin', 'seller'],
  'approvals.decide': ['owner', 'admin', 'approver'],
  'organisation.read': ['owner', 'admin'],
  'users.manage': ['owner', 'admin'],
  'templates.write': ['owner', 'admin', 'seller'],
  'payments.read': ['owner', 'admin', 'seller', 'approver', 'viewer'],
  'payments.manage': ['owner', 'admin'],
  'webhooks.manage': ['owner', 'admin'],
  'organisation.manage': ['owner', 'admin'],
};

export const can = (role: Role, action: Action): boolean => TABLE[action].includes(role);

/**
 * Whether `actor` may give `target` the role `to` (or remove them, `to` null). Only an owner
 * makes or unmakes owners; an admin manages everyone else.
 */
export function mayAssign(actor: Role, target: Role | null, to: Role | null): boolean {
  if (!can(actor, 'users.manage')) return false;
  if (actor === 'owner') return true;
  return target !== 'owner' && to !== 'owner';
}
