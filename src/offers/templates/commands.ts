// Offer template writes: create, update (partial), delete. Offers made from a template keep their copy.
import crypto from 'node:crypto';
import type { Context } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { checkContentSize } from '../content-limits.js';
import * as repo from './repository.js';
import type { TemplateInput } from './schemas.js';
import { templateContentOf, templateIdOf, templateView } from './view.js';

export async function createTemplate(ctx: Context, input: TemplateInput & { name: string }) {
  const now = ctx.deps.clock.now();
  const content = templateContentOf(input);
  checkContentSize(content);
  const row = await repo.insertTemplate(ctx.deps.db, {
    id: crypto.randomUUID(),
    organisation_id: ctx.organisationId,
    name: input.name.trim(),
    content,
    created_at: now,
    updated_at: now,
  });
  return templateView(row);
}

export interface UpdateTemplate {
  templateId: string;
  changes: TemplateInput;
}

/** Partial: given fields replace the stored ones (null clears title or validForDays). Offers made earlier keep their copy. */
export async function updateTemplate(ctx: Context, { templateId, changes }: UpdateTemplate) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await repo.findTemplate(tx, ctx.organisationId, templateIdOf(templateId), true);
    if (!row) throw notFound('Offer template');
    const content = templateContentOf(changes, row.content);
    checkContentSize(content);
    const updated = await repo.updateTemplate(tx, ctx.organisationId, row.id, {
      name: changes.name?.trim() ?? row.name,
      content,
      updatedAt: ctx.deps.clock.now(),
    });
    return templateView(updated!);
  });
}

export async function deleteTemplate(ctx: Context, { templateId }: { templateId: string }): Promise<void> {
  if (!(await repo.deleteTemplate(ctx.deps.db, ctx.organisationId, templateIdOf(templateId)))) throw notFound('Offer template');
}
