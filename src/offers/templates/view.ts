// An offer template as the API shows it, the content an input writes, and the id rule. Pure: no I/O.
import { notFound } from '../../platform/errors.js';
import { UUID } from '../../platform/schemas.js';
import { isoDate } from '../../platform/time.js';
import { checkLineItems } from '../content.js';
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
  // The same rules as offers: one currency, percentages with two decimals at most. A line without a
  // tax rate keeps none: an offer made from the template takes the default of its day.
  if (merged.lineItems) checkLineItems(merged.lineItems);
  return merged;
}

/** A malformed id cannot name a template: 404, like an unknown one. */
export function templateIdOf(raw: string): string {
  if (!UUID.test(raw)) throw notFound('Offer template');
  return raw.toLowerCase();
}
