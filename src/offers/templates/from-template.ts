// What an offer created from a template starts with (create.ts).
import type { Queryable } from '../../db/database.js';
import type { Context } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { UUID } from '../../platform/schemas.js';
import type { CreateOfferInput } from '../schemas.js';
import * as repo from './repository.js';

const DAY_MS = 24 * 60 * 60_000;

/**
 * The create body an offer starts from: the template's content, then every field the body gives.
 * An unknown template (or another organisation's) is a 422 on offerTemplateId: the offer body is at fault.
 */
export async function fromTemplate(ctx: Context, q: Queryable, input: CreateOfferInput): Promise<CreateOfferInput> {
  if (input.offerTemplateId === undefined) return input;
  const row = UUID.test(input.offerTemplateId) ? await repo.findTemplate(q, ctx.organisationId, input.offerTemplateId.toLowerCase()) : null;
  if (!row)
    throw new AppError('unprocessable', 'The request body is invalid.', [
      { propertyPath: 'offerTemplateId', message: 'No such offer template.' },
    ]);
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
