// SQL for offer templates. Every statement names the organisation.
import type { Queryable } from '../../db/database.js';
import type { TemplateContent } from './schemas.js';

export interface TemplateRow {
  id: string;
  organisation_id: string;
  name: string;
  content: TemplateContent;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, organisation_id, name, content, created_at, updated_at';

export async function insertTemplate(q: Queryable, t: TemplateRow): Promise<TemplateRow> {
  const { rows } = await q.query<TemplateRow>(
    `INSERT INTO offer_templates (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [t.id, t.organisation_id, t.name, JSON.stringify(t.content), t.created_at, t.updated_at],
  );
  return rows[0]!;
}

export async function findTemplate(q: Queryable, organisationId: string, id: string, forUpdate = false): Promise<TemplateRow | null> {
  const { rows } = await q.query<TemplateRow>(
    `SELECT ${COLUMNS} FROM offer_templates WHERE organisation_id = $1 AND id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [organisationId, id],
  );
  return rows[0] ?? null;
}

export async function updateTemplate(
  q: Queryable,
  organisationId: string,
  id: string,
  set: { name: string; content: TemplateContent; updatedAt: Date },
): Promise<TemplateRow | null> {
  const { rows } = await q.query<TemplateRow>(
    `UPDATE offer_templates SET name = $3, content = $4, updated_at = $5 WHERE organisation_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [organisationId, id, set.name, JSON.stringify(set.content), set.updatedAt],
  );
  return rows[0] ?? null;
}

export async function deleteTemplate(q: Queryable, organisationId: string, id: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM offer_templates WHERE organisation_id = $1 AND id = $2', [organisationId, id]);
  return rowCount > 0;
}

/** A page, newest first (ties by id), and the total (templates are few per organisation: a window count is fine). */
export async function listTemplates(
  q: Queryable,
  organisationId: string,
  limit: number,
  offset: number,
): Promise<{ rows: TemplateRow[]; total: number }> {
  const { rows } = await q.query<TemplateRow & { total: number }>(
    `SELECT ${COLUMNS}, count(*) OVER ()::int AS total FROM offer_templates WHERE organisation_id = $1
      ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
    [organisationId, limit, offset],
  );
  if (rows.length > 0) return { rows, total: rows[0]!.total };
  // An empty page (past the end, or limit 0) still reports the true total.
  const count = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM offer_templates WHERE organisation_id = $1', [organisationId]);
  return { rows: [], total: count.rows[0]!.n };
}
