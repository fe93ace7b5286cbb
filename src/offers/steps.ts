// The steps every offer use case is made of, in this order inside one transaction: lock the row,
// ask the pure state table, write, record the activity, enqueue the event, answer with the read model.
import crypto from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { Context } from '../platform/context.js';
import { AppError, notFound } from '../platform/errors.js';
import type { OfferEvent } from '../platform/events.js';
import { enqueue, type OutboxEvent } from '../platform/outbox.js';
import { sealRecipientLinks } from '../platform/sealed-links.js';
import type { ActivityData, ActivityType } from './activities.js';
import * as repo from './repository.js';
import * as recipientsRepo from './recipients-repository.js';
import * as activitiesRepo from './activities-repository.js';
import { serializeOffer, type LinkContext } from './serialize.js';
import { transition, type AcceptanceMode, type OfferAction, type OfferStatus } from './states.js';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A malformed id cannot name an offer: 404, like an unknown one. */
export function offerIdOf(raw: string): string {
  const id = raw.toUpperCase();
  if (!ULID.test(id)) throw notFound('Offer');
  return id;
}

/** Locks the organisation's offer for the rest of the transaction (SELECT … FOR UPDATE); 404 when it is not there. */
export async function lockOffer(ctx: Context, tx: Queryable, rawId: string): Promise<repo.OfferRow> {
  const row = await repo.findOffer(tx, ctx.organisationId, offerIdOf(rawId), { forUpdate: true });
  if (!row) throw notFound('Offer');
  return row;
}

/** The status the action leads to, or the 409 that the state table gives for it. */
export function requireTransition(row: repo.OfferRow, action: OfferAction): OfferStatus {
  const t = transition(row.status as OfferStatus, action, row.acceptance_mode as AcceptanceMode);
  if (!t.ok) throw new AppError('invalid_state', t.reason);
  return t.to;
}

/** One activity of the catalogue, as written. A recipient's activities also keep the request's IP and user agent for the audit trail. */
export function activityOf<T extends ActivityType>(
  ctx: Context<string | null>,
  offer: Pick<repo.OfferRow, 'id' | 'organisation_id'>,
  type: T,
  data: ActivityData[T],
): activitiesRepo.NewActivity<T> {
  const audited =
    ctx.actor.kind === 'recipient' ? { ...data, ip: ctx.request?.ip ?? null, userAgent: ctx.request?.userAgent ?? null } : data;
  return {
    id: crypto.randomUUID(),
    organisationId: offer.organisation_id,
    offerId: offer.id,
    type,
    data: audited,
    createdAt: ctx.deps.clock.now(),
  };
}

/** Writes one activity of the catalogue (activityOf). */
export async function recordActivity<T extends ActivityType>(
  ctx: Context<string | null>,
  tx: Queryable,
  offer: Pick<repo.OfferRow, 'id' | 'organisation_id'>,
  type: T,
  data: ActivityData[T],
): Promise<void> {
  await activitiesRepo.insertActivity(tx, activityOf(ctx, offer, type, data));
}

/**
 * The offer events, each with `{data}` as its payload and the recipients' link tokens sealed
 * (platform/sealed-links.ts): the webhook worker opens them when it sends.
 */
export function eventsOf(
  ctx: Context<string | null>,
  offer: Pick<repo.OfferRow, 'organisation_id'>,
  topics: readonly OfferEvent[],
  data: unknown,
): OutboxEvent[] {
  const sealed = sealRecipientLinks(ctx.deps.secretKey, data);
  return topics.map((topic) => ({ organisationId: offer.organisation_id, topic, payload: { data: sealed } }));
}

/** Enqueues the offer events (eventsOf) in the caller's transaction. */
export async function enqueueEvents(
  ctx: Context<string | null>,
  tx: Queryable,
  offer: Pick<repo.OfferRow, 'organisation_id'>,
  topics: readonly OfferEvent[],
  data: unknown,
): Promise<void> {
  for (const event of eventsOf(ctx, offer, topics, data)) await enqueue(tx, event);
}

export const linksOf = (ctx: Context<string | null>): LinkContext => ({
  publicUrl: ctx.deps.config.publicUrl,
  secretKey: ctx.deps.secretKey,
});

/** The offer as the API shows it. Pass the recipients when the use case has read them already. */
export async function offerView(ctx: Context<string | null>, q: Queryable, row: repo.OfferRow, recipients?: recipientsRepo.RecipientRow[]) {
  return serializeOffer(linksOf(ctx), row, recipients ?? (await recipientsRepo.listRecipients(q, row.organisation_id, [row.id])));
}
