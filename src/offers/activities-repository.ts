// SQL for the offer activity feed (the catalogue of types: activities.ts). Scoped by organisation.
import type { Queryable } from '../db/database.js';
import type { ActivityData, ActivityType } from './activities.js';

export interface ActivityRow {
  id: string;
  type: string;
  data: Record<string, unknown>;
  created_at: Date;
}

/** Writes one activity of the closed catalogue (activities.ts): its type and that type's data. */
export async function insertActivity<T extends ActivityType>(
  q: Queryable,
  a: { id: string; organisationId: string; offerId: string; type: T; data: ActivityData[T]; createdAt: Date },
): Promise<void> {
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
