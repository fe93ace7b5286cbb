// The writes of one use case under the offer's lock, collected in memory and sent as one statement
// (db/write-batch.ts): the recipients' and the offer's updates, the activities, the outbox events, and
// on completion the subscription and the documents job. Each change is applied to the in-memory rows
// at once, so the use case reads on from what it wrote without asking the database again.
import type { Queryable } from '../db/database.js';
import { WriteBatch } from '../db/write-batch.js';
import type { Context } from '../platform/context.js';
import type { OfferEvent } from '../platform/events.js';
import { outboxInsertSql, type OutboxEvent } from '../platform/outbox.js';
import type { ActivityData, ActivityType } from './activities.js';
import { ACTIVITY_RETURNING, activitiesInsertSql, type ActivityRow, type NewActivity } from './activities-repository.js';
import { jobInsertSql, type NewDocumentsJob } from './documents-job-repository.js';
import * as publicRepo from './public/repository.js';
import * as repo from './repository.js';
import { serializeOffer } from './serialize.js';
import { activityOf, eventsOf, linksOf } from './steps.js';

export class OfferWrites {
  private offerPatch: repo.OfferWrite = {};
  private readonly recipientPatches = new Map<string, { patch: publicRepo.RecipientPatch; log: string[] }>();
  private readonly activities: NewActivity[] = [];
  private readonly events: OutboxEvent[] = [];
  private subscription: publicRepo.NewSubscription | null = null;
  private job: NewDocumentsJob | null = null;

  constructor(
    private readonly ctx: Context<string | null>,
    /** The offer as it will be once the writes are sent. */
    public offer: repo.OfferRow,
    /** Every recipient of the offer, in order, likewise. */
    public recipients: publicRepo.PublicRecipientRow[],
  ) {}

  updateOffer(patch: repo.OfferWrite): repo.OfferRow {
    this.offerPatch = { ...this.offerPatch, ...patch };
    this.offer = repo.withOfferWrite(this.offer, patch);
    return this.offer;
  }

  /** Patches one recipient and appends `logEntry` to its signingLog; returns the row as it will be. */
  updateRecipient(id: string, patch: publicRepo.RecipientPatch, logEntry: string | null): publicRepo.PublicRecipientRow {
    const log = logEntry === null ? [] : [logEntry];
    const pending = this.recipientPatches.get(id) ?? { patch: {}, log: [] };
    this.recipientPatches.set(id, { patch: { ...pending.patch, ...patch }, log: [...pending.log, ...log] });
    const row = publicRepo.withRecipientWrite(this.recipients.find((r) => r.id === id)!, patch, log);
    this.recipients = this.recipients.map((r) => (r.id === id ? row : r));
    return row;
  }

  activity<T extends ActivityType>(type: T, data: ActivityData[T]): void {
    this.activities.push(activityOf(this.ctx, this.offer, type, data));
  }

  /** The events with the offer as the API shows it now (the writes so far applied). */
  emit(topics: readonly OfferEvent[]): void {
    this.events.push(...eventsOf(this.ctx, this.offer, topics, serializeOffer(linksOf(this.ctx), this.offer, this.recipients)));
  }

  insertSubscription(row: publicRepo.NewSubscription): void {
    this.subscription = row;
  }

  insertJob(row: NewDocumentsJob): void {
    this.job = row;
  }

  /** Sends every write as one statement; returns the activities as stored (their data as jsonb orders it). */
  async flush(tx: Queryable): Promise<ActivityRow[]> {
    const batch = new WriteBatch();
    const p = batch.params;
    const { organisation_id: organisationId, id: offerId } = this.offer;
    for (const [id, { patch, log }] of this.recipientPatches) batch.add(publicRepo.recipientUpdateSql(p, organisationId, id, patch, log));
    if (Object.keys(this.offerPatch).length > 0) batch.add(repo.offerUpdateSql(p, organisationId, offerId, this.offerPatch));
    if (this.subscription) batch.add(publicRepo.subscriptionInsertSql(p, this.subscription));
    if (this.job) batch.add(jobInsertSql(p, this.job));
    if (this.events.length > 0) batch.add(outboxInsertSql(p, this.events));
    let select: string | undefined;
    if (this.activities.length > 0) {
      const name = batch.add(`${activitiesInsertSql(p, this.activities)} RETURNING seq, ${ACTIVITY_RETURNING}`);
      select = `SELECT ${ACTIVITY_RETURNING} FROM ${name} ORDER BY seq`;
    }
    const { rows } = await tx.query<ActivityRow>(batch.sql(select), p.values);
    return select ? rows : [];
  }
}
