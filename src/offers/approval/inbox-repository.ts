// SQL for the console's approvals inbox: the organisation's requests with their offers, and their
// decisions in one statement. Every statement names the organisation.
import type { Queryable } from '../../db/database.js';
import type { DecisionRow, RequestRow } from './repository.js';

export interface InboxRow extends RequestRow {
  offer_number: bigint;
  offer_name: string | null;
  offer_status: string;
  offer_version_hash: string;
  line_items: unknown[];
}

const SELECT = `SELECT r.*, o.number AS offer_number, o.name AS offer_name, o.status AS offer_status,
    o.current_version_hash AS offer_version_hash, o.line_items
  FROM offer_approval_requests r JOIN offers o ON o.id = r.offer_id AND o.organisation_id = r.organisation_id`;
/** Pending for the offer's current version while it is open (the rest reads as decided or superseded). */
const WAITING = `r.status = 'pending' AND o.status = 'open' AND r.version_hash = o.current_version_hash`;

/** Requests still waiting, oldest first (first come, first decided): `limit` of them after skipping `offset`. */
export async function listWaiting(q: Queryable, organisationId: string, limit: number, offset = 0): Promise<InboxRow[]> {
  const { rows } = await q.query<InboxRow>(`${SELECT} WHERE r.organisation_id = $1 AND ${WAITING} ORDER BY r.seq LIMIT $2 OFFSET $3`, [
    organisationId,
    limit,
    offset,
  ]);
  return rows;
}

/** Requests that ended (approved, rejected, superseded), newest first: `limit` of them after skipping `offset`. */
export async function listEnded(q: Queryable, organisationId: string, limit: number, offset = 0): Promise<InboxRow[]> {
  const { rows } = await q.query<InboxRow>(
    `${SELECT} WHERE r.organisation_id = $1 AND NOT (${WAITING}) ORDER BY r.seq DESC LIMIT $2 OFFSET $3`,
    [organisationId, limit, offset],
  );
  return rows;
}

/** One request of the organisation (null for another organisation's). */
export async function findRequest(q: Queryable, organisationId: string, id: string): Promise<RequestRow | null> {
  const { rows } = await q.query<RequestRow>('SELECT * FROM offer_approval_requests WHERE organisation_id = $1 AND id = $2', [
    organisationId,
    id,
  ]);
  return rows[0] ?? null;
}

/** The decisions of these requests, in the order they were made. */
export async function decisionsOf(q: Queryable, organisationId: string, requestIds: readonly string[]): Promise<DecisionRow[]> {
  if (requestIds.length === 0) return [];
  const { rows } = await q.query<DecisionRow>(
    `SELECT id, request_id, step_index, approver_id, approver_kind, approver_label, decision, comment, decided_at
       FROM offer_approval_decisions WHERE organisation_id = $1 AND request_id = ANY($2::uuid[]) ORDER BY seq`,
    [organisationId, requestIds],
  );
  return rows;
}
