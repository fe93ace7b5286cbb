// An offer template as the API shows it, the content an input writes, and the id rule. Pure: no I/O.
import { notFound } from '../../platform/errors.js';
import { UUID } from '../../platform/schemas.js';
import { isoDate } from '../../platform/time.js';
import { contractValue, type LineItem } from '../contract-value.js';
import type { TemplateRow } from './repository.js';
import type { TemplateContent, TemplateInput } from './schemas.js';

/** The offer defaults fill what a template leaves out, so the wire shape is always complete. */
export function templateView(row: TemplateRow) {
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

/** The stored content: the previous one with every given field replaced (the name is a column). */
export function templateContentOf(input: TemplateInput, previous: TemplateContent = {}): TemplateContent {
  const { name: _name, ...content } = input;
  const merged = { ...previous, ...content };
  // The same rule as offers: one currency per offer, refused when written.
  if (merged.lineItems) contractValue(merged.lineItems.map((i) => ({ ...i, description: i.description ?? null })) as LineItem[]);
  return merged;
}

/** A malformed id cannot name a template: 404, like an unknown one. */
export function templateIdOf(raw: string): string {
  if (!UUID.test(raw)) throw notFound('Offer template');
  return raw.toLowerCase();
}
