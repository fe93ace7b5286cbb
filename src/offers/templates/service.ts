// Offer template use cases, and what an offer created from a template starts with.
import { UUID } from '../../platform/schemas.js';
import crypto from 'node:crypto';
import { AppError, notFound } from '../../platform/errors.js';
import { isoDate } from '../../platform/time.js';
import { contractValue, type LineItem } from '../contract-value.js';
import { paginationMeta } from '../pagination.js';
import type { CreateOfferInput } from '../schemas.js';
import type { OffersContext } from '../service.js';
import * as repo from './repository.js';
import type { TemplateContent, TemplateInput } from './schemas.js';

const DAY_MS = 24 * 60 * 60_000;

/** The offer defaults fill what a template leaves out, so the wire shape is always complete. */
export function templateView(row: repo.TemplateRow) {
  const c = row.content;
  return {
    id: row.id,
    name: row.name,
    title: c.title ?? null,
    sections: c.sections ?? [],
    blocks: c.blocks ?? [],
    lineItems: c.lineItems ?? [],
    customVariables: c.customVariables ?? {},
    acceptanceMode: c.acceptanceMode ?? 'click',
    dealType: c.dealType ?? 'new_business',
    autoActivateSubscription: c.autoActivateSubscription ?? true,
    locale: c.locale ?? 'de',
    validForDays: c.validForDays ?? null,
    createdAt: isoDate(row.created_at),
    updatedAt: isoDate(row.updated_at),
  };
}

function contentOf(input: TemplateInput, previous: TemplateContent = {}): TemplateContent {
  const { name: _name, ...content } = input;
  const merged = { ...previous, ...content };
  // The same rule as offers: one currency per offer, refused when written.
  if (merged.lineItems) contractValue(merged.lineItems.map((i) => ({ ...i, description: i.description ?? null })) as LineItem[]);
  return merged;
}

/** A malformed id cannot name a template: 404, like an unknown one. */
const templateId = (raw: string) => {
  if (!UUID.test(raw)) throw notFound('Offer template');
  return raw.toLowerCase();
};

export async function createTemplate(ctx: OffersContext, input: TemplateInput & { name: string }) {
  const now = ctx.deps.clock.now();
  const row = await repo.insertTemplate(ctx.deps.db, {
    id: crypto.randomUUID(),
    organisation_id: ctx.organisationId,
    name: input.name.trim(),
    content: contentOf(input),
    created_at: now,
    updated_at: now,
  });
  return templateView(row);
}

export async function getTemplate(ctx: OffersContext, rawId: string) {
  const row = await repo.findTemplate(ctx.deps.db, ctx.organisationId, templateId(rawId));
  if (!row) throw notFound('Offer template');
  return templateView(row);
}

/** Partial: given fields replace the stored ones (null clears title or validForDays). Offers made earlier keep their copy. */
export async function updateTemplate(ctx: OffersContext, rawId: string, input: TemplateInput) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await repo.findTemplate(tx, ctx.organisationId, templateId(rawId), true);
    if (!row) throw notFound('Offer template');
    const updated = await repo.updateTemplate(tx, ctx.organisationId, row.id, {
      name: input.name?.trim() ?? row.name,
      content: contentOf(input, row.content),
      updatedAt: ctx.deps.clock.now(),
    });
    return templateView(updated!);
  });
}

export async function deleteTemplate(ctx: OffersContext, rawId: string): Promise<void> {
  if (!(await repo.deleteTemplate(ctx.deps.db, ctx.organisationId, templateId(rawId)))) throw notFound('Offer template');
}

export async function listTemplates(ctx: OffersContext, page: number, limit: number) {
  const { rows, total } = await repo.listTemplates(ctx.deps.db, ctx.organisationId, limit, (page - 1) * limit);
  return {
    data: rows.map(templateView),
    meta: paginationMeta(total, page, limit, rows.length),
  };
}

/**
 * The create body an offer starts from: the template's content, then every field the body gives.
 * An unknown template (or another organisation's) is a 422 on offerTemplateId: the offer body is at fault.
 */
export async function fromTemplate(ctx: OffersContext, q: Parameters<typeof repo.findTemplate>[0], input: CreateOfferInput): Promise<CreateOfferInput> {
  if (input.offerTemplateId === undefined) return input;
  const row = UUID.test(input.offerTemplateId) ? await repo.findTemplate(q, ctx.organisationId, input.offerTemplateId.toLowerCase()) : null;
  if (!row) throw new AppError('unprocessable', 'The request body is invalid.', [{ propertyPath: 'offerTemplateId', message: 'No such offer template.' }]);
  const { title, validForDays, ...content } = row.content;
  const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as CreateOfferInput;
  const named = given.name !== undefined || given.title !== undefined;
  return {
    ...content,
    ...(title && !named ? { name: title } : {}),
    ...(validForDays ? { validUntil: new Date(ctx.deps.clock.now().getTime() + validForDays * DAY_MS).toISOString() } : {}),
    ...given,
  } as CreateOfferInput;
}
