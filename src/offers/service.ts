// Offer use cases. Each write is one transaction: lock the offer row (SELECT … FOR UPDATE), ask the
// pure state machine, write, record the activity and enqueue the outbox event — all or nothing.
// A concurrent caller waits for the lock and then sees the new status, so it gets the 409.
import { UUID } from '../platform/schemas.js';
import type { OfferEvent } from '../platform/events.js';
import crypto from 'node:crypto';
import { monotonicFactory } from 'ulidx';
import type { Queryable } from '../db/database.js';
import { databaseMediaStore as media } from '../documents/media-store.js';
import { encryptSecret, randomToken, sha256 } from '../platform/crypto.js';
import type { Deps } from '../platform/deps.js';
import { AppError, notFound, type Violation } from '../platform/errors.js';
import { queueOfferInvitation } from '../notifications/queue.js';
import { enqueue } from '../platform/outbox.js';
import { contractValue, type LineItem } from './contract-value.js';
import type { ListQuery } from './list-query.js';
import { paginationMeta } from './pagination.js';
import { nextSigningStatus, type RecipientAction, type RecipientRole, type SigningStatus } from './recipient-states.js';
import { supersedePending } from './approval/repository.js';
import { clearSignatures } from './public/repository.js';
import * as repo from './repository.js';
import type { ContactPersonInputT, CreateOfferInput, CustomerInputT, RecipientInputT, UpdateOfferInput } from './schemas.js';
import { offerNumber, serializeOffer, type LinkContext } from './serialize.js';
import { transition, type AcceptanceMode, type OfferAction, type OfferStatus } from './states.js';
import { startSubscription } from './subscription.js';
import { fromTemplate } from './templates/service.js';
import { versionHash } from './version-hash.js';

export interface OffersContext {
  deps: Deps;
  organisationId: string;
  /** The API token acting (approvals name people by token); absent for system actions. */
  actorId?: string;
}

const ulid = monotonicFactory();
const DEFAULT_LOCALE = 'de';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
/** A malformed id cannot name an offer: 404, like an unknown one. */
function offerId(raw: string): string {
  const id = raw.toUpperCase();
  if (!ULID.test(id)) throw notFound('Offer');
  return id;
}

const links = (ctx: OffersContext): LinkContext => ({ publicUrl: ctx.deps.config.publicUrl, secretKey: ctx.deps.secretKey });

export async function view(ctx: OffersContext, q: Queryable, row: repo.OfferRow) {
  return serializeOffer(links(ctx), row, await repo.listRecipients(q, ctx.organisationId, [row.id]));
}

export async function lock(ctx: OffersContext, tx: Queryable, rawId: string): Promise<repo.OfferRow> {
  const row = await repo.findOffer(tx, ctx.organisationId, offerId(rawId), { forUpdate: true });
  if (!row) throw notFound('Offer');
  return row;
}

export function target(row: repo.OfferRow, action: OfferAction): OfferStatus {
  const t = transition(row.status as OfferStatus, action, row.acceptance_mode as AcceptanceMode);
  if (!t.ok) throw new AppError('invalid_state', t.reason);
  return t.to;
}

export async function record(ctx: OffersContext, tx: Queryable, offerId: string, type: string, data: Record<string, unknown> = {}) {
  await repo.insertActivity(tx, { id: crypto.randomUUID(), organisationId: ctx.organisationId, offerId, type, data, createdAt: ctx.deps.clock.now() });
}

export async function emit(ctx: OffersContext, tx: Queryable, topics: OfferEvent[], data: unknown) {
  for (const topic of topics) await enqueue(tx, { organisationId: ctx.organisationId, topic, payload: { data } });
}

// ---------- content ----------

function customerOf(input: CustomerInputT | null | undefined, previous: Record<string, unknown> | null): Record<string, unknown> | null {
  if (!input) return null;
  return {
    id: (previous?.id as string | undefined) ?? crypto.randomUUID(),
    customerNumber: input.customerNumber ?? (previous?.customerNumber as string | undefined) ?? `CUS-${crypto.randomUUID().slice(0, 8).toUpperCase()}`,
    timeZone: input.timeZone ?? 'Europe/Berlin',
    firstName: input.firstName ?? null,
    lastName: input.lastName ?? null,
    currencyCode: input.currencyCode ?? 'EUR',
    companyName: input.companyName ?? null,
    datevId: input.datevId ?? null,
    status: 'STATUS_ACTIVE',
  };
}

function contactPersonOf(input: ContactPersonInputT | null | undefined): Record<string, unknown> | null {
  if (!input) return null;
  return {
    id: input.id ?? crypto.randomUUID(),
    firstName: input.firstName,
    lastName: input.lastName,
    email: input.email,
    avatar: input.avatar ?? null,
    phone: input.phone ?? null,
    linkedin: input.linkedin ?? null,
    position: input.position ?? null,
    website: input.website ?? null,
  };
}

function parseDate(value: string, propertyPath: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new AppError('unprocessable', 'The request body is invalid.', [{ propertyPath, message: 'This value is not a valid date-time.' }]);
  return date;
}

/** The fields the version hash covers: what a recipient sees. */
export function contentOf(row: Pick<repo.OfferRow, 'name' | 'sections' | 'blocks' | 'line_items' | 'custom_variables' | 'acceptance_mode' | 'valid_until' | 'deal_type' | 'locale' | 'customer' | 'contact_person' | 'auto_activate_subscription'>) {
  return {
    name: row.name,
    sections: row.sections,
    blocks: row.blocks,
    lineItems: row.line_items,
    customVariables: row.custom_variables,
    acceptanceMode: row.acceptance_mode,
    validUntil: row.valid_until?.toISOString() ?? null,
    dealType: row.deal_type,
    locale: row.locale,
    customer: row.customer ? { ...row.customer, id: undefined } : null,
    contactPerson: row.contact_person,
    autoActivateSubscription: row.auto_activate_subscription,
  };
}

function nameOf(input: { name?: string; title?: string }): string | undefined {
  if (input.name !== undefined && input.title !== undefined && input.name !== input.title) {
    throw new AppError('unprocessable', 'The request body is invalid.', [{ propertyPath: 'title', message: 'name and title are aliases; send one of them.' }]);
  }
  return input.name ?? input.title;
}

/** The editable columns an input sets (undefined = keep). */
function editableColumns(input: UpdateOfferInput, previous: repo.OfferRow | null): repo.OfferWrite {
  const w: repo.OfferWrite = {};
  const name = nameOf(input);
  if (name !== undefined) w.name = name.trim();
  if (input.sections !== undefined) w.sections = input.sections;
  if (input.blocks !== undefined) w.blocks = input.blocks;
  if (input.lineItems !== undefined) {
    w.line_items = input.lineItems.map((i) => ({ ...i, description: i.description ?? null }));
    contractValue(w.line_items as LineItem[]); // mixed currencies are refused on write already
  }
  if (input.customVariables !== undefined) w.custom_variables = input.customVariables ?? {};
  if (input.acceptanceMode !== undefined) w.acceptance_mode = input.acceptanceMode;
  if (input.dealType !== undefined) w.deal_type = input.dealType;
  if (input.validUntil !== undefined) w.valid_until = input.validUntil === null ? null : parseDate(input.validUntil, 'validUntil');
  if (input.autoActivateSubscription !== undefined) w.auto_activate_subscription = input.autoActivateSubscription;
  if (input.locale !== undefined) w.locale = input.locale;
  if (input.customer !== undefined) w.customer = customerOf(input.customer, previous?.customer ?? null);
  if (input.contactPerson !== undefined) {
    w.contact_person = contactPersonOf(input.contactPerson);
    w.contact_person_id = (w.contact_person?.id as string | undefined) ?? null;
  }
  if (input.crmDealId !== undefined) w.crm_deal_id = input.crmDealId;
  return w;
}

export async function addRecipientRow(ctx: OffersContext, tx: Queryable, offerId: string, input: RecipientInputT, propertyPath = 'email') {
  // ≥ 128 random bits; only the hash is searchable, the ciphertext lets every read show the link.
  const token = randomToken(32);
  const row = await repo.insertRecipient(tx, {
    id: crypto.randomUUID(),
    organisationId: ctx.organisationId,
    offerId,
    email: input.email.trim().toLowerCase(),
    firstName: input.firstName?.trim() || null,
    lastName: input.lastName?.trim() || null,
    role: input.role ?? 'sign',
    linkTokenHash: sha256(token),
    linkTokenEncrypted: encryptSecret(ctx.deps.secretKey, token),
    createdAt: ctx.deps.clock.now(),
  });
  if (!row) throw new AppError('unprocessable', 'The request body is invalid.', [{ propertyPath, message: 'The offer already has a recipient with this e-mail address.' }]);
  return row;
}

export async function moveRecipients(ctx: OffersContext, tx: Queryable, offerId: string, action: RecipientAction, only?: Set<string>) {
  for (const r of await repo.listRecipients(tx, ctx.organisationId, [offerId])) {
    if (only && !only.has(r.id)) continue;
    const next = nextSigningStatus(r.role as RecipientRole, r.signing_status as SigningStatus, action);
    if (next && next !== r.signing_status) await repo.setSigningStatus(tx, ctx.organisationId, r.id, next);
  }
}

/** Ends the offer's pending approval request, if any, and says why in the activity feed. */
export async function supersedeApproval(ctx: OffersContext, tx: Queryable, offerId: string, now: Date, reason: string) {
  const requestId = await supersedePending(tx, ctx.organisationId, offerId, now);
  if (requestId) await record(ctx, tx, offerId, 'approval.superseded', { requestId, reason });
}

// ---------- use cases ----------

export async function createOffer(ctx: OffersContext, body: CreateOfferInput) {
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
    for (const [i, recipient] of (input.recipients ?? []).entries()) await addRecipientRow(ctx, tx, id, recipient, `recipients[${i}].email`);
    await record(ctx, tx, id, 'offer.created', { number: offerNumber(number), name: columns.name, offerTemplateId: body.offerTemplateId ?? null });
    const offer = await view(ctx, tx, (await repo.findOffer(tx, ctx.organisationId, id))!);
    await emit(ctx, tx, ['offer.created'], offer);
    return offer;
  });
}

export async function getOffer(ctx: OffersContext, rawId: string) {
  return view(ctx, ctx.deps.db, await getOfferRow(ctx, rawId));
}

export async function listOffers(ctx: OffersContext, query: ListQuery) {
  const { rows, recipients, total } = await repo.listOffers(ctx.deps.db, ctx.organisationId, query);
  const byOffer = new Map<string, repo.RecipientRow[]>();
  for (const r of recipients) byOffer.set(r.offer_id, [...(byOffer.get(r.offer_id) ?? []), r]);
  return {
    data: rows.map((row) => serializeOffer(links(ctx), row, byOffer.get(row.id) ?? [])),
    meta: paginationMeta(total, query.page, query.limit, rows.length),
  };
}

export async function updateOffer(ctx: OffersContext, rawId: string, input: UpdateOfferInput) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lock(ctx, tx, rawId);
    target(row, 'update');
    const patch = editableColumns(input, row);
    // A live published version freezes validUntil and dealType (re-publish or cancel signing first).
    if (row.published) {
      const frozen: Violation[] = [];
      if (patch.valid_until !== undefined && patch.valid_until?.getTime() !== row.valid_until?.getTime()) {
        frozen.push({ propertyPath: 'validUntil', message: 'Frozen while the published version is live.' });
      }
      if (patch.deal_type !== undefined && patch.deal_type !== row.deal_type) frozen.push({ propertyPath: 'dealType', message: 'Frozen while the published version is live.' });
      if (frozen.length > 0) throw new AppError('invalid_state', 'validUntil and dealType are frozen at publish.', frozen);
    }
    const next = { ...row, ...patch } as repo.OfferRow;
    const hash = versionHash(contentOf(next));
    const now = ctx.deps.clock.now();
    const updated = await repo.updateOffer(tx, ctx.organisationId, row.id, { ...patch, current_version_hash: hash, updated_at: now });
    await record(ctx, tx, row.id, 'offer.updated', { fields: Object.keys(input), versionHash: hash, contentChanged: hash !== row.current_version_hash });
    // An approval covers one version: a content change voids the request still waiting for it.
    if (hash !== row.current_version_hash) await supersedeApproval(ctx, tx, row.id, now, 'content_changed');
    const offer = await view(ctx, tx, updated);
    await emit(ctx, tx, ['offer.updated'], offer);
    return offer;
  });
}

export async function addRecipient(ctx: OffersContext, rawId: string, input: RecipientInputT) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lock(ctx, tx, rawId);
    target(row, 'add_recipient');
    const recipient = await addRecipientRow(ctx, tx, row.id, input);
    const updated = await repo.updateOffer(tx, ctx.organisationId, row.id, { updated_at: ctx.deps.clock.now() });
    // An invitation only makes sense once there is something to see; publishing invites the others.
    const invited = input.sendEmail === true && row.published
      ? await queueOfferInvitation(ctx.deps, tx, { organisationId: ctx.organisationId, offerId: row.id, recipientId: recipient.id, customMessage: null })
      : false;
    await record(ctx, tx, row.id, 'recipient.added', { recipientId: recipient.id, email: recipient.email, role: recipient.role, sendEmail: input.sendEmail ?? false, invitationQueued: invited });
    const offer = await view(ctx, tx, updated);
    await emit(ctx, tx, ['offer.updated'], offer);
    return offer;
  });
}

export async function removeRecipient(ctx: OffersContext, rawId: string, recipientId: string) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lock(ctx, tx, rawId);
    target(row, 'remove_recipient');
    if (!UUID.test(recipientId) || !(await repo.deleteRecipient(tx, ctx.organisationId, row.id, recipientId.toLowerCase()))) {
      throw notFound('Recipient');
    }
    const updated = await repo.updateOffer(tx, ctx.organisationId, row.id, { updated_at: ctx.deps.clock.now() });
    await record(ctx, tx, row.id, 'recipient.removed', { recipientId: recipientId.toLowerCase() });
    const offer = await view(ctx, tx, updated);
    await emit(ctx, tx, ['offer.updated'], offer);
    return offer;
  });
}

export async function cancelSigning(ctx: OffersContext, rawId: string) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lock(ctx, tx, rawId);
    const to = target(row, 'cancel_signing');
    // Back to editing: the live version is withdrawn, so validUntil and dealType thaw.
    const updated = await repo.updateOffer(tx, ctx.organisationId, row.id, { status: to, published: false, updated_at: ctx.deps.clock.now() });
    await moveRecipients(ctx, tx, row.id, 'cancel_signing');
    await clearSignatures(tx, ctx.organisationId, row.id);
    await record(ctx, tx, row.id, 'offer.signing_cancelled');
    await emit(ctx, tx, ['offer.signing_cancelled'], await view(ctx, tx, updated));
    return { status: updated.status };
  });
}

export interface AcceptInput {
  acceptedAt: Date;
  file?: { filename: string | null; contentType: string; content: Buffer };
}

export async function acceptOffer(ctx: OffersContext, rawId: string, input: AcceptInput) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lock(ctx, tx, rawId);
    const to = target(row, 'accept_manually');
    const now = ctx.deps.clock.now();
    if (input.acceptedAt.getTime() > now.getTime()) {
      throw new AppError('unprocessable', 'The request body is invalid.', [{ propertyPath: 'acceptedAt', message: 'The acceptance cannot lie in the future.' }]);
    }
    let mediaId: string | null = null;
    if (input.file) {
      mediaId = crypto.randomUUID();
      await media.put(tx, { id: mediaId, organisationId: ctx.organisationId, offerId: row.id, kind: 'signed_document', ...input.file, createdAt: now });
    }
    // Signed is signed: the subscription starts as it does when recipients sign.
    const started = await startSubscription(tx, row, row.name, now);
    const updated = await repo.updateOffer(tx, ctx.organisationId, row.id, {
      status: to,
      signed: true,
      signed_at: input.acceptedAt,
      signed_document_id: mediaId ?? row.signed_document_id,
      subscription_id: started.id,
      subscription: started.subscription,
      updated_at: now,
    });
    await record(ctx, tx, row.id, 'offer.accepted', {
      manual: true,
      acceptedAt: input.acceptedAt.toISOString(),
      signedDocument: mediaId,
      subscriptionId: started.id,
      subscriptionStatus: started.status,
    });
    await supersedeApproval(ctx, tx, row.id, now, 'offer_accepted');
    await emit(ctx, tx, ['offer.accepted', 'offer.signed'], await view(ctx, tx, updated));
    return { status: updated.status, signedAt: updated.signed_at! };
  });
}

export async function archiveOffer(ctx: OffersContext, rawId: string) {
  return ctx.deps.db.transaction(async (tx) => {
    const row = await lock(ctx, tx, rawId);
    const to = target(row, 'archive');
    const updated = await repo.updateOffer(tx, ctx.organisationId, row.id, { status: to, published: false, updated_at: ctx.deps.clock.now() });
    await moveRecipients(ctx, tx, row.id, 'archive');
    await record(ctx, tx, row.id, 'offer.archived', { from: row.status });
    await supersedeApproval(ctx, tx, row.id, ctx.deps.clock.now(), 'offer_archived');
    const offer = await view(ctx, tx, updated);
    await emit(ctx, tx, ['offer.archived'], offer);
    return offer;
  });
}

export async function listActivities(ctx: OffersContext, rawId: string) {
  const row = await getOfferRow(ctx, rawId);
  return repo.listActivities(ctx.deps.db, ctx.organisationId, row.id);
}

export async function getOfferRow(ctx: OffersContext, rawId: string): Promise<repo.OfferRow> {
  const row = await repo.findOffer(ctx.deps.db, ctx.organisationId, offerId(rawId));
  if (!row) throw notFound('Offer');
  return row;
}
