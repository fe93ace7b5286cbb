// SQL for approval policies, requests and decisions. Every statement names the organisation.
import type { Queryable } from '../../db/database.js';
import type { ApprovalPolicy } from './policy.js';
import type { Decision, RequestStatus, Step } from './states.js';

/** Who asks or decides: an API token or a console user (both ids are uuids). */
export type ActorKind = 'api_token' | 'user';

export interface PublishTargets {
  recipientIds: string[];
  notifyRecipients: boolean;
  customMessage: string | null;
}

export interface RequestRow {
  id: string;
  organisation_id: string;
  offer_id: string;
  version_hash: string;
  status: RequestStatus;
  steps: Step[];
  step_index: number;
  publish_input: PublishTargets;
  requested_by: string;
  requested_by_kind: ActorKind;
  requested_by_label: string | null;
  requested_at: Date;
  decided_at: Date | null;
}

export interface DecisionRow {
  id: string;
  request_id: string;
  step_index: number;
  approver_id: string;
  approver_kind: ActorKind;
  approver_label: string | null;
  decision: Decision;
  comment: string | null;
  decided_at: Date;
}

export async function findPolicy(q: Queryable, organisationId: string): Promise<ApprovalPolicy | null> {
  const { rows } = await q.query<{ min_contract_value_cents: bigint | null; steps: Step[]; updated_at: Date }>(
    'SELECT min_contract_value_cents, steps, updated_at FROM approval_policies WHERE organisation_id = $1',
    [organisationId],
  );
  const row = rows[0];
  return row ? { minContractValueCents: row.min_contract_value_cents, steps: row.steps, updatedAt: row.updated_at } : null;
}

export async function upsertPolicy(q: Queryable, organisationId: string, policy: ApprovalPolicy): Promise<void> {
  await q.query(
    `INSERT INTO approval_policies (organisation_id, min_contract_value_cents, steps, updated_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (organisation_id) DO UPDATE SET min_contract_value_cents = $2, steps = $3, updated_at = $4`,
    [organisationId, policy.minContractValueCents, JSON.stringify(policy.steps), policy.updatedAt],
  );
}

export async function deletePolicy(q: Queryable, organisationId: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM approval_policies WHERE organisation_id = $1', [organisationId]);
  return rowCount > 0;
}

/** Active tokens of the organisation among `ids`, with their labels. */
export async function findApprovers(q: Queryable, organisationId: string, ids: readonly string[]): Promise<Map<string, string | null>> {
  const { rows } = await q.query<{ id: string; label: string | null }>(
    'SELECT id, label FROM api_tokens WHERE organisation_id = $1 AND id = ANY($2::uuid[]) AND revoked_at IS NULL',
    [organisationId, ids],
  );
  return new Map(rows.map((r) => [r.id, r.label]));
}

/** Users of the organisation among `ids` whose role may decide approvals (`roles`), with their names. */
export async function findApproverUsers(
  q: Queryable,
  organisationId: string,
  ids: readonly string[],
  roles: readonly string[],
): Promise<Map<string, string>> {
  const { rows } = await q.query<{ id: string; name: string }>(
    'SELECT id, name FROM users WHERE organisation_id = $1 AND id = ANY($2::uuid[]) AND role = ANY($3::text[])',
    [organisationId, ids, roles],
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function tokenLabel(q: Queryable, organisationId: string, tokenId: string): Promise<string | null> {
  const { rows } = await q.query<{ label: string | null }>('SELECT label FROM api_tokens WHERE organisation_id = $1 AND id = $2', [
    organisationId,
    tokenId,
  ]);
  return rows[0]?.label ?? null;
}

export async function insertRequest(q: Queryable, r: Omit<RequestRow, 'decided_at' | 'step_index' | 'status'>): Promise<void> {
  await q.query(
    `INSERT INTO offer_approval_requests (id, organisation_id, offer_id, version_hash, status, steps, publish_input, requested_by, requested_by_label, requested_at, requested_by_kind)
     VALUES ($1, $2, $3, $4, 'pending', $5, $6, $7, $8, $9, $10)`,
    [
      r.id,
      r.organisation_id,
      r.offer_id,
      r.version_hash,
      JSON.stringify(r.steps),
      JSON.stringify(r.publish_input),
      r.requested_by,
      r.requested_by_label,
      r.requested_at,
      r.requested_by_kind,
    ],
  );
}

/** The offer's newest request (the one the approval sub-resource describes). */
export async function latestRequest(q: Queryable, organisationId: string, offerId: string): Promise<RequestRow | null> {
  const { rows } = await q.query<RequestRow>(
    'SELECT * FROM offer_approval_requests WHERE organisation_id = $1 AND offer_id = $2 ORDER BY seq DESC LIMIT 1',
    [organisationId, offerId],
  );
  return rows[0] ?? null;
}

/** Marks the offer's pending request superseded (a new publish, a content change, the offer left `open`). */
export async function supersedePending(q: Queryable, organisationId: string, offerId: string, at: Date): Promise<string | null> {
  const { rows } = await q.query<{ id: string }>(
    `UPDATE offer_approval_requests SET status = 'superseded', decided_at = $3
      WHERE organisation_id = $1 AND offer_id = $2 AND status = 'pending' RETURNING id`,
    [organisationId, offerId, at],
  );
  return rows[0]?.id ?? null;
}

export async function updateRequest(
  q: Queryable,
  organisationId: string,
  id: string,
  set: { status: RequestStatus; stepIndex: number; decidedAt: Date | null },
): Promise<void> {
  await q.query('UPDATE offer_approval_requests SET status = $3, step_index = $4, decided_at = $5 WHERE organisation_id = $1 AND id = $2', [
    organisationId,
    id,
    set.status,
    set.stepIndex,
    set.decidedAt,
  ]);
}

export async function listDecisions(q: Queryable, organisationId: string, requestId: string): Promise<DecisionRow[]> {
  const { rows } = await q.query<DecisionRow>(
    `SELECT id, request_id, step_index, approver_id, approver_kind, approver_label, decision, comment, decided_at
       FROM offer_approval_decisions WHERE organisation_id = $1 AND request_id = $2 ORDER BY seq`,
    [organisationId, requestId],
  );
  return rows;
}

export async function insertDecision(q: Queryable, organisationId: string, d: DecisionRow): Promise<void> {
  await q.query(
    `INSERT INTO offer_approval_decisions (id, organisation_id, request_id, step_index, approver_id, approver_label, decision, comment, decided_at, approver_kind)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      d.id,
      organisationId,
      d.request_id,
      d.step_index,
      d.approver_id,
      d.approver_label,
      d.decision,
      d.comment,
      d.decided_at,
      d.approver_kind,
    ],
  );
}

export interface PendingRow extends RequestRow {
  offer_number: bigint;
  offer_name: string | null;
  total: number;
}

/**
 * Requests still waiting for a decision (pending, for the offer's current version, the offer still
 * open), newest first. With `decider`, only those that token may decide now: named in the current step,
 * not the requester, not yet approved by it in this step.
 */
export async function listPending(
  q: Queryable,
  organisationId: string,
  decider: string | null,
  limit: number,
  offset: number,
): Promise<{ rows: PendingRow[]; total: number }> {
  const where = `r.organisation_id = $1 AND r.status = 'pending' AND o.status = 'open' AND r.version_hash = o.current_version_hash
    AND ($2::uuid IS NULL OR (
          r.steps -> r.step_index -> 'approvers' @> jsonb_build_array(jsonb_build_object('id', $2::text))
      AND r.requested_by <> $2::uuid
      AND NOT EXISTS (SELECT 1 FROM offer_approval_decisions d WHERE d.request_id = r.id AND d.step_index = r.step_index AND d.approver_id = $2::uuid)))`;
  const from = 'FROM offer_approval_requests r JOIN offers o ON o.id = r.offer_id AND o.organisation_id = r.organisation_id';
  const { rows } = await q.query<PendingRow>(
    `SELECT r.*, o.number AS offer_number, o.name AS offer_name, count(*) OVER ()::int AS total ${from} WHERE ${where} ORDER BY r.seq DESC LIMIT $3 OFFSET $4`,
    [organisationId, decider, limit, offset],
  );
  if (rows.length > 0) return { rows, total: rows[0]!.total };
  const count = await q.query<{ n: number }>(`SELECT count(*)::int AS n ${from} WHERE ${where}`, [organisationId, decider]);
  return { rows: [], total: count.rows[0]!.n };
}
