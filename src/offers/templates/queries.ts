// Offer template reads: one template, and the organisation's templates newest first.
import type { Context } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { paginationMeta } from '../pagination.js';
import * as repo from './repository.js';
import { templateIdOf, templateView } from './view.js';

export async function getTemplate(ctx: Context, { templateId }: { templateId: string }) {
  const row = await repo.findTemplate(ctx.deps.db, ctx.organisationId, templateIdOf(templateId));
  if (!row) throw notFound('Offer template');
  return templateView(row);
}

export async function listTemplates(ctx: Context, { page, limit }: { page: number; limit: number }) {
  const { rows, total } = await repo.listTemplates(ctx.deps.db, ctx.organisationId, limit, (page - 1) * limit);
  return {
    data: rows.map(templateView),
    meta: paginationMeta(total, page, limit, rows.length),
  };
}
