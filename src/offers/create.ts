// Create an offer: defaults, then the template's content (if named), then every field the body gives.
import { monotonicFactory } from 'ulidx';
import { defaultTaxRateOf } from '../organisations/profile.js';
import type { Context } from '../platform/context.js';
import { contentOf, editableColumns, withTaxRates } from './content.js';
import { checkContentSize } from './content-limits.js';
import { addRecipientRow } from './recipients.js';
import * as repo from './repository.js';
import type * as recipientsRepo from './recipients-repository.js';
import type { CreateOfferInput } from './schemas.js';
import { offerNumber } from './serialize.js';
import { enqueueEvents, offerView, recordActivity } from './steps.js';
import { fromTemplate } from './templates/from-template.js';
import { versionHash } from './version-hash.js';

const ulid = monotonicFactory();
const DEFAULT_LOCALE = 'de';

export async function createOffer(ctx: Context, body: CreateOfferInput) {
  return ctx.deps.db.transaction(async (tx) => {
    const now = ctx.deps.clock.now();
    const input = await fromTemplate(ctx, tx, body);
    const id = ulid();
    const columns = {
      name: null,
      locale: DEFAULT_LOCALE,
      acceptance_mode: 'click',
      deal_type: 'new_business',
      valid_until: null,
      auto_activate_subscription: true,
      custom_variables: {},
      sections: [],
      blocks: [],
      line_items: [],
      customer: null,
      contact_person: null,
      contact_person_id: null,
      crm_deal_id: null,
      ...editableColumns(input, null),
    } satisfies repo.OfferWrite;
    columns.line_items = withTaxRates(columns.line_items as Record<string, unknown>[], await defaultTaxRateOf(tx, ctx.organisationId));
    checkContentSize({
      sections: columns.sections,
      blocks: columns.blocks,
      lineItems: columns.line_items,
      customVariables: columns.custom_variables,
    });
    const number = await repo.nextOfferNumber(tx, ctx.organisationId);
    await repo.insertOffer(tx, {
      id,
      organisationId: ctx.organisationId,
      number,
      createdAt: now,
      ...columns,
      current_version_hash: versionHash(contentOf(columns as repo.OfferRow)),
      updated_at: now,
    });
    const recipients: recipientsRepo.RecipientRow[] = [];
    for (const [i, recipient] of (input.recipients ?? []).entries())
      recipients.push(await addRecipientRow(ctx, tx, id, recipient, `recipients[${i}].email`));
    const row = (await repo.findOffer(tx, ctx.organisationId, id))!;
    await recordActivity(ctx, tx, row, 'offer.created', {
      number: offerNumber(number),
      name: columns.name,
      offerTemplateId: body.offerTemplateId ?? null,
    });
    const offer = await offerView(ctx, tx, row, recipients);
    await enqueueEvents(ctx, tx, row, ['offer.created'], offer);
    return offer;
  });
}
