// An offer's activities as the rows of its audit-trail PDF: when, what, who did it (name, e-mail and
// role), from which IP and user agent, and the activity's data. Each event is credited to whoever
// acted: a recipient for what they did through their link, the approver for an approval decision,
// the seller for what the Offers API did, offerpay itself for what happened on its own (invitations
// sent, documents stored). An e-mail in an event's data is not proof of who acted: `recipient.added`
// names the recipient the seller added.

/** A recipient as the signature page and the audit trail name them. */
export interface Person {
  name: string;
  email: string;
  role: string;
}

export interface AuditedActivity {
  type: string;
  data: Record<string, unknown>;
  created_at: Date;
}

/** A detail of an event; ids and hashes are set monospaced and chunked, so they never wrap inside a token. */
export interface AuditDetail {
  key: string;
  value: string;
  kind: 'text' | 'id' | 'hash';
}

export interface AuditEntry {
  at: Date;
  type: string;
  actor: { name: string; email: string | null; role: 'sign' | 'countersigner' | 'read' | 'seller' | 'approver' | 'system' | string };
  ip: string | null;
  userAgent: string | null;
  details: AuditDetail[];
}

/** Recorded in a recipient's request: the recipient named by `recipientId` acted. */
const BY_RECIPIENT = new Set([
  'recipient.viewed',
  'recipient.signed',
  'offer.invoice_details_captured',
  'offer.accepted',
  'offer.signing_completed',
]);
/** Done by offerpay on its own, not by a person. */
const BY_SYSTEM = new Set(['offer.signed', 'offer.documents_rendered', 'recipient.invited', 'recipient.invitation_failed']);

const HEX = /^[0-9a-f]{64}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const str = (v: unknown) => (typeof v === 'string' ? v : null);

function detailsOf(data: Record<string, unknown>, skip: Set<string>): AuditDetail[] {
  const details: AuditDetail[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (skip.has(key) || value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    // A list of ids gives one id a line; any other list reads as one comma-separated value.
    const ids = Array.isArray(value) && value.every((v) => typeof v === 'string' && UUID.test(v));
    const values = ids
      ? (value as string[])
      : [Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(', ') : value];
    for (const v of values) {
      if (typeof v === 'string' && HEX.test(v)) details.push({ key, value: v.toLowerCase(), kind: 'hash' });
      else if (typeof v === 'string' && UUID.test(v)) details.push({ key, value: v, kind: 'id' });
      else details.push({ key, value: (typeof v === 'string' ? v : JSON.stringify(v)).slice(0, 300), kind: 'text' });
    }
  }
  return details.slice(0, 20);
}

function recipientActor(data: Record<string, unknown>, people: ReadonlyMap<string, Person>): AuditEntry['actor'] {
  const person = people.get(str(data.recipientId) ?? '');
  const email = str(data.email) ?? person?.email ?? null;
  return { name: str(data.fullName) ?? person?.name ?? email ?? '–', email, role: str(data.role) ?? person?.role ?? 'sign' };
}

/** The rows of the audit trail, in the order the activities happened. */
export function auditEntries(activities: readonly AuditedActivity[], people: ReadonlyMap<string, Person>): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const a of activities) {
    const { type, data } = a;
    let actor: AuditEntry['actor'] = { name: '', email: null, role: 'seller' };
    const skip = new Set(['ip', 'userAgent']);
    if (type === 'approval.approved' || type === 'approval.rejected') {
      const approver = (data.approver ?? {}) as { id?: string; label?: string | null };
      actor = { name: approver.label || approver.id || '–', email: null, role: 'approver' };
    } else if (BY_RECIPIENT.has(type) && typeof data.recipientId === 'string') {
      actor = recipientActor(data, people);
      skip.add('email');
      skip.add('fullName');
      skip.add('role');
    } else if (type === 'offer.signing_completed') {
      // Recorded in the request of the signature that completed the signing, right after its `recipient.signed`.
      const last = [...entries].reverse().find((e) => e.type === 'recipient.signed');
      if (last) actor = last.actor;
    } else if (BY_SYSTEM.has(type)) actor = { name: '', email: null, role: 'system' };
    entries.push({
      at: a.created_at,
      type,
      actor,
      ip: str(data.ip),
      userAgent: str(data.userAgent)?.slice(0, 200) ?? null,
      details: detailsOf(data, skip),
    });
  }
  return entries;
}
