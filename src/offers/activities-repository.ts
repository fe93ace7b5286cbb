// SQL for the offer activity feed (the catalogue of types: activities.ts). Scoped by organisation.
import type { Queryable } from '../db/database.js';
import { insertRows, type Column, type Params } from '../db/write-batch.js';
import type { ActivityData, ActivityType } from './activities.js';

export interface ActivityRow {
  id: string;
  type: string;
  data: Record<string, unknown>;
  created_at: Date;
}

export interface NewActivity<T extends ActivityType = ActivityType> {
  id: string;
  organisationId: string;
  offerId: string;
  type: T;
  data: ActivityData[T];
  createdAt: Date;
}

const ACTIVITY_COLUMNS: Column[] = [
  ['id', 'uuid'],
  ['organisation_id', 'uuid'],
  ['offer_id', 'text'],
  ['type', 'text'],
  ['data', 'jsonb'],
  ['created_at', 'timestamptz'],
];

/** One INSERT of several activities, in order (their seq follows it); `condition` as in insertRows. */
export function activitiesInsertSql(p: Params, activities: readonly NewActivity[], condition?: string): string {
  const rows = activities.map((a) => [a.id, a.organisationId, a.offerId, a.type, JSON.stringify(a.data), a.createdAt]);
  return insertRows(p, 'offer_activities', ACTIVITY_COLUMNS, rows, condition);
}

/** What `RETURNING` gives of inserted activities (their data as jsonb keeps it), as listActivities reads them. */
export const ACTIVITY_RETURNING = 'id, type, data, created_at';

/** Writes one activity of the closed catalogue (activities.ts): its type and that type's data. */
export async function insertActivity<T extends ActivityType>(q: Queryable, a: NewActivity<T>): Promise<void> {
  await q.query('INSERT INTO offer_activities (id, organisation_id, offer_id, type, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    a.id,
    a.organisationId,
    a.offerId,
    a.type,
    JSON.stringify(a.data),
    a.createdAt,
  ]);
}

export async function listActivities(q: Queryable, organisationId: string, offerId: string): Promise<ActivityRow[]> {
  const { rows } = await q.query<ActivityRow>(
    'SELECT id, type, data, created_at FROM offer_activities WHERE organisation_id = $1 AND offer_id = $2 ORDER BY seq',
    [organisationId, offerId],
  );
  return rows;
}
