// The recipient's use cases. The link token is the credential: the recipient is found by the
// token's SHA-256, and the offer through it. Each write is one transaction: lock the offer row
// (SELECT … FOR UPDATE), re-read the recipient, check expiry, role and state, write, record the
// activity and enqueue the outbox event(s). Concurrent callers queue on the offer's lock.
import type { OfferEvent } from '../../platform/events.js';
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type { Queryable } from '../../db/database.js';
import { auditLogDocument, offerDocument, signedDocument, type AuditEntry, type PublishedContent } from '../../documents/offer-documents.js';
import { databaseMediaStore as media } from '../../documents/media-store.js';
import { renderPdf } from '../../documents/pdf.js';
import { sha256 } from '../../platform/crypto.js';
import type { Deps } from '../../platform/deps.js';
import { AppError, notFound, type Violation } from '../../platform/errors.js';
import { enqueue } from '../../platform/outbox.js';
import { isoDate } from '../../platform/time.js';
import type { ActivityData, ActivityType } from '../activities.js';
import * as offersRepo from '../repository.js';
import { offerNumber, serializeOffer } from '../serialize.js';
import { startSubscription } from '../subscription.js';
import { transition, type AcceptanceMode, type OfferAction, type OfferStatus } from '../states.js';
import { versionHash } from '../version-hash.js';
import * as repo from './repository.js';

export interface PublicContext {
  deps: Deps;
  /** Who acts, for the audit trail. */
  ip: string | null;
  userAgent: string | null;
}

export const MAX_SIGNATURE_BYTES = 200 * 1024;
export const MAX_SIGNATURE_WIDTH = 3000;
export const MAX_SIGNATURE_HEIGHT = 1500;
export const MAX_PURCHASE_ORDER_BYTES = 20 * 1024 * 1024;
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

interface Loaded {
  offer: offersRepo.OfferRow;
  recipient: repo.PublicRecipientRow;
}

/** 404 for an unknown token, a removed recipient, an archived or unpublished offer. */
async function load(q: Queryable, token: string, forUpdate: boolean): Promise<Loaded> {
  if (!TOKEN.test(token)) throw notFound('Offer');
  const found = await repo.findRecipientByTokenHash(q, sha256(token));
  if (!found) throw notFound('Offer');
  const offer = await offersRepo.findOffer(q, found.organisation_id, found.offer_id, { forUpdate });
  if (!offer) throw notFound('Offer');
  // Re-read under the offer's lock: removals lock the offer first, so this sees a committed state.
  const recipient = forUpdate ? await repo.findRecipient(q, found.organisation_id, found.id) : found;
  if (!recipient) throw notFound('Offer');
  if (offer.status === 'archived' || !offer.published || !offer.published_content) throw notFound('Offer');
  return { offer, recipient };
}

/** Until the offer is accepted, a passed validUntil answers 410 (Fynn's OfferExpiredException). */
function isExpired(deps: Deps, offer: offersRepo.OfferRow): boolean {
  return (offer.status === 'open' || offer.status === 'signing') && offer.valid_until !== null && offer.valid_until.getTime() <= deps.clock.now().getTime();
}

function assertNotExpired(deps: Deps, offer: offersRepo.OfferRow): void {
  if (isExpired(deps, offer)) throw new AppError('expired', `The offer expired at ${isoDate(offer.valid_until)}.`);
}

function target(offer: offersRepo.OfferRow, action: OfferAction): OfferStatus {
  const t = transition(offer.status as OfferStatus, action, offer.acceptance_mode as AcceptanceMode);
  if (!t.ok) throw new AppError('invalid_state', t.reason);
  return t.to;
}

const invalid = (violations: Violation[]) => new AppError('unprocessable', 'The request body is invalid.', violations);

const personName = (r: repo.PublicRecipientRow) => [r.first_name, r.last_name].filter(Boolean).join(' ') || r.email;

async function record<T extends ActivityType>(ctx: PublicContext, tx: Queryable, offer: offersRepo.OfferRow, type: T, data: ActivityData[T]) {
  await offersRepo.insertActivity(tx, {
    id: crypto.randomUUID(),
    organisationId: offer.organisation_id,
    offerId: offer.id,
    type,
    data: { ...data, ip: ctx.ip, userAgent: ctx.userAgent },
    createdAt: ctx.deps.clock.now(),
  });
}

async function emit(ctx: PublicContext, tx: Queryable, offer: offersRepo.OfferRow, topics: OfferEvent[]) {
  const data = serializeOffer({ publicUrl: ctx.deps.config.publicUrl, secretKey: ctx.deps.secretKey }, offer, await offersRepo.listRecipients(tx, offer.organisation_id, [offer.id]));
  for (const topic of topics) await enqueue(tx, { organisationId: offer.organisation_id, topic, payload: { data } });
}


/** The offer's locale for a page that cannot show the offer (expired): null when the link names nothing. */
export async function localeOf(deps: Deps, token: string): Promise<string | null> {
  if (!TOKEN.test(token)) return null;
  const found = await repo.findRecipientByTokenHash(deps.db, sha256(token));
  if (!found) return null;
  return (await offersRepo.findOffer(deps.db, found.organisation_id, found.offer_id))?.locale ?? null;
}

// ---------- the recipient's view ----------

export interface PublicView {
  offer: {
    id: string;
    number: string;
    name: string | null;
    status: string;
    locale: string;
    acceptanceMode: string;
    validUntil: string | null;
    expired: boolean;
    issuedAt: string | null;
    publishedVersionHash: string | null;
    signed: boolean;
    signedAt: string | null;
    content: PublishedContent;
    capturedInvoiceDetails: Record<string, string> | null;
    purchaseOrderUploaded: boolean;
  };
  recipient: { id: string; email: string; firstName: string | null; lastName: string | null; role: string; signingStatus: string; signedAt: string | null };
  participants: { firstName: string | null; lastName: string | null; role: string; signingStatus: string; signedAt: string | null }[];
  actions: { accept: boolean; sign: boolean; submitInvoiceDetails: boolean };
  documents: { offer: string; signed: string | null; auditLog: string | null };
}

function mayCountersign(recipients: repo.PublicRecipientRow[]): boolean {
  return !recipients.some((r) => r.role === 'sign' && (r.signing_status === 'pending' || r.signing_status === 'started'));
}

function canSign(offer: offersRepo.OfferRow, me: repo.PublicRecipientRow, all: repo.PublicRecipientRow[]): boolean {
  if (offer.acceptance_mode !== 'esignature' || offer.status !== 'signing') return false;
  if (me.role === 'sign') return me.signing_status === 'pending' || me.signing_status === 'started';
  if (me.role === 'countersigner') return me.signing_status !== 'signed' && me.signing_status !== 'archived' && mayCountersign(all);
  return false;
}

function view(deps: Deps, token: string, offer: offersRepo.OfferRow, me: repo.PublicRecipientRow, all: repo.PublicRecipientRow[]): PublicView {
  const expired = isExpired(deps, offer);
  const base = `${deps.config.publicUrl}/public/offers/${token}`;
  return {
    offer: {
      id: offer.id,
      number: offerNumber(offer.number),
      name: (offer.published_content?.name as string | null | undefined) ?? null,
      status: offer.status,
      locale: offer.locale,
      acceptanceMode: offer.acceptance_mode,
      validUntil: isoDate(offer.valid_until),
      expired,
      issuedAt: isoDate(offer.issued_at),
      publishedVersionHash: offer.published_version_hash,
      signed: offer.signed,
      signedAt: isoDate(offer.signed_at),
      content: offer.published_content as PublishedContent,
      // The buyer's billing data is shown to the buyer's signers only, not to readers or the countersigner.
      capturedInvoiceDetails: me.role === 'sign' ? offer.captured_invoice_details : null,
      purchaseOrderUploaded: offer.purchase_order_document_id !== null,
    },
    recipient: { id: me.id, email: me.email, firstName: me.first_name, lastName: me.last_name, role: me.role, signingStatus: me.signing_status, signedAt: isoDate(me.signed_at) },
    participants: all
      .filter((r) => r.role !== 'read')
      .map((r) => ({ firstName: r.first_name, lastName: r.last_name, role: r.role, signingStatus: r.signing_status, signedAt: isoDate(r.signed_at) })),
    actions: {
      accept: !expired && me.role === 'sign' && offer.acceptance_mode !== 'esignature' && offer.status === 'open',
      sign: !expired && canSign(offer, me, all),
      submitInvoiceDetails: !expired && me.role === 'sign' && (offer.status === 'awaiting_invoice_details' || (offer.status === 'signing' && offer.captured_invoice_details === null)),
    },
    documents: {
      offer: `${base}/document`,
      signed: offer.signed_document_id ? `${base}/signed-document` : null,
      // The audit trail names every participant's IP address and user agent: for the parties only, not readers.
      auditLog: offer.audit_log_document_id && me.role !== 'read' ? `${base}/audit-log` : null,
    },
  };
}

/** Reads the published version; the first read is recorded (activity, outbox, signingLog). */
export async function readOffer(ctx: PublicContext, token: string): Promise<PublicView> {
  return ctx.deps.db.transaction(async (tx) => {
    let { offer, recipient } = await load(tx, token, true);
    assertNotExpired(ctx.deps, offer);
    if (recipient.viewed_at === null) {
      const now = ctx.deps.clock.now();
      // A signer opening the signing view moves pending → started.
      const started = offer.status === 'signing' && recipient.role !== 'read' && recipient.signing_status === 'pending';
      await repo.updateRecipient(tx, offer.organisation_id, recipient.id, { viewed_at: now, ...(started ? { signing_status: 'started' } : {}) }, `${isoDate(now)} viewed`);
      await record(ctx, tx, offer, 'recipient.viewed', { recipientId: recipient.id, email: recipient.email, role: recipient.role });
      offer = await offersRepo.updateOffer(tx, offer.organisation_id, offer.id, { updated_at: now });
      await emit(ctx, tx, offer, ['offer.recipient.viewed']);
      recipient = (await repo.findRecipient(tx, offer.organisation_id, recipient.id))!;
    }
    return view(ctx.deps, token, offer, recipient, await repo.listRecipients(tx, offer.organisation_id, offer.id));
  });
}

// ---------- input parsing (JSON, form or multipart fields alike) ----------

const consentGiven = (v: unknown) => v === true || v === 'true' || v === 'on' || v === '1' || v === 'yes';

function requireConsent(input: Record<string, unknown>): void {
  if (!consentGiven(input.consent)) throw invalid([{ propertyPath: 'consent', message: 'Explicit consent is required (consent: true).' }]);
}

function forbidReader(recipient: repo.PublicRecipientRow, what: string): void {
  if (recipient.role === 'read') throw new AppError('forbidden', `A recipient with role "read" can only read the offer; ${what} is not allowed.`);
}

/** A PNG as a data URL (`data:image/png;base64,…`) or bare base64, at most 200 KB decoded. */
export function parseSignatureImage(value: unknown): Buffer {
  if (typeof value !== 'string' || value.length === 0) throw invalid([{ propertyPath: 'signatureImage', message: 'A drawn signature (PNG data URL or base64) is required.' }]);
  const match = /^data:image\/png;base64,(.*)$/s.exec(value);
  const b64 = (match ? match[1]! : value).replace(/\s+/g, '');
  if (b64.length > Math.ceil((MAX_SIGNATURE_BYTES * 4) / 3) + 4) throw new AppError('payload_too_large', `The signature image exceeds ${MAX_SIGNATURE_BYTES / 1024} KB.`);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw invalid([{ propertyPath: 'signatureImage', message: 'The signature image is not valid base64.' }]);
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length > MAX_SIGNATURE_BYTES) throw new AppError('payload_too_large', `The signature image exceeds ${MAX_SIGNATURE_BYTES / 1024} KB.`);
  if (bytes.length < 67 || !bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    throw invalid([{ propertyPath: 'signatureImage', message: 'The signature image must be a PNG.' }]);
  }
  checkPng(bytes);
  return bytes;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Walks the PNG's chunks and inflates its pixel data once, bounded: pdfkit's PNG decoder throws
 * from inside a zlib callback on corrupt data (an uncaught exception), so only a PNG that decodes
 * cleanly here reaches it. Dimensions are bounded so that decoding for the PDF stays small.
 */
function checkPng(bytes: Buffer): void {
  const bad = (message: string) => invalid([{ propertyPath: 'signatureImage', message }]);
  let pos = 8;
  let header: { width: number; height: number; depth: number; color: number; interlace: number } | null = null;
  const idat: Buffer[] = [];
  let ended = false;
  while (pos + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.subarray(pos + 4, pos + 8).toString('latin1');
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    if (data.length !== length || pos + 12 + length > bytes.length) throw bad('The signature image is a truncated PNG.');
    if (type === 'IHDR' && length === 13) {
      header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth: data[8]!, color: data[9]!, interlace: data[12]! };
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    pos += 12 + length;
  }
  if (!header || !ended || idat.length === 0) throw bad('The signature image is not a complete PNG.');
  const { width, height, depth, color, interlace } = header;
  if (width < 1 || height < 1 || width > MAX_SIGNATURE_WIDTH || height > MAX_SIGNATURE_HEIGHT) {
    throw bad(`The signature image must be at most ${MAX_SIGNATURE_WIDTH}×${MAX_SIGNATURE_HEIGHT} pixels.`);
  }
  const channels = CHANNELS[color];
  if (!channels || ![1, 2, 4, 8, 16].includes(depth) || interlace !== 0) throw bad('Unsupported PNG format; send a non-interlaced PNG.');
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  const expected = height * (1 + rowBytes);
  let pixels: Buffer;
  try {
    pixels = zlib.inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch {
    throw bad('The signature image\'s pixel data is corrupt.');
  }
  if (pixels.length < expected) throw bad('The signature image\'s pixel data is incomplete.');
  for (let row = 0; row < height; row++) if (pixels[row * (1 + rowBytes)]! > 4) throw bad('The signature image\'s pixel data is corrupt.');
}

// ---------- click acceptance ----------

export async function acceptOffer(ctx: PublicContext, token: string, input: Record<string, unknown>): Promise<PublicView> {
  return ctx.deps.db.transaction(async (tx) => {
    const { offer, recipient } = await load(tx, token, true);
    assertNotExpired(ctx.deps, offer);
    forbidReader(recipient, 'accepting');
    if (recipient.role !== 'sign') throw new AppError('forbidden', 'Only a recipient with role "sign" accepts the offer.');
    requireConsent(input);
    if (offer.acceptance_mode === 'esignature') throw new AppError('invalid_state', 'This offer is accepted by e-signature; sign it instead.');
    const to = target(offer, 'await_invoice_details');
    const now = ctx.deps.clock.now();
    await repo.updateRecipient(tx, offer.organisation_id, recipient.id, { signed_at: now, signature_name: personName(recipient), signature_ip: ctx.ip, signature_user_agent: ctx.userAgent }, `${isoDate(now)} accepted`);
    const updated = await offersRepo.updateOffer(tx, offer.organisation_id, offer.id, { status: to, updated_at: now });
    await record(ctx, tx, offer, 'offer.accepted', { recipientId: recipient.id, email: recipient.email, mode: 'click', consent: true, versionHash: offer.published_version_hash });
    await emit(ctx, tx, updated, ['offer.accepted']);
    return view(ctx.deps, token, updated, (await repo.findRecipient(tx, offer.organisation_id, recipient.id))!, await repo.listRecipients(tx, offer.organisation_id, offer.id));
  });
}

// ---------- e-signature ----------

export async function signOffer(ctx: PublicContext, token: string, input: Record<string, unknown>): Promise<PublicView> {
  return ctx.deps.db.transaction(async (tx) => {
    const { offer, recipient } = await load(tx, token, true);
    assertNotExpired(ctx.deps, offer);
    forbidReader(recipient, 'signing');
    const violations: Violation[] = [];
    const fullName = typeof input.fullName === 'string' ? input.fullName.trim() : '';
    if (fullName.length < 2 || fullName.length > 200) violations.push({ propertyPath: 'fullName', message: 'Type your full name (2 to 200 characters).' });
    if (!consentGiven(input.consent)) violations.push({ propertyPath: 'consent', message: 'Explicit consent is required (consent: true).' });
    if (violations.length > 0) throw invalid(violations);
    const image = parseSignatureImage(input.signatureImage);
    if (offer.acceptance_mode !== 'esignature' || offer.status !== 'signing') {
      throw new AppError('invalid_state', `The offer is "${offer.status}" and not open for e-signature.`);
    }
    let all = await repo.listRecipients(tx, offer.organisation_id, offer.id);
    if (recipient.signing_status === 'signed') throw new AppError('invalid_state', 'You have signed this offer already.');
    if (recipient.role === 'sign' && recipient.signing_status !== 'pending' && recipient.signing_status !== 'started') {
      throw new AppError('invalid_state', 'This offer was not published to you for signing.');
    }
    if (recipient.role === 'countersigner' && !mayCountersign(all)) throw new AppError('invalid_state', 'The countersigner signs after every signer.');

    const now = ctx.deps.clock.now();
    await repo.updateRecipient(
      tx,
      offer.organisation_id,
      recipient.id,
      { signing_status: 'signed', signed_at: now, signature_name: fullName, signature_image: image, signature_ip: ctx.ip, signature_user_agent: ctx.userAgent },
      `${isoDate(now)} signed as "${fullName}"`,
    );
    await record(ctx, tx, offer, 'recipient.signed', { recipientId: recipient.id, email: recipient.email, role: recipient.role, fullName, consent: true, versionHash: offer.published_version_hash, signatureSha256: sha256(image).toString('hex') });
    let updated = await offersRepo.updateOffer(tx, offer.organisation_id, offer.id, { updated_at: now });
    await emit(ctx, tx, updated, ['offer.recipient.signed']);

    all = await repo.listRecipients(tx, offer.organisation_id, offer.id);
    if (mayCountersign(all)) {
      const waiting = all.filter((r) => r.role === 'countersigner' && r.signing_status === 'not_started');
      // Countersigners sign last: once every signer has signed, they are asked (not_started → pending).
      for (const r of waiting) await repo.updateRecipient(tx, offer.organisation_id, r.id, { signing_status: 'pending' }, `${isoDate(now)} asked to countersign`);
      const complete = !all.some((r) => r.role === 'countersigner' && r.signing_status !== 'signed');
      if (complete) {
        const withDetails = offer.captured_invoice_details !== null;
        const to = target(offer, withDetails ? 'complete_signing' : 'await_invoice_details');
        updated = await offersRepo.updateOffer(tx, offer.organisation_id, offer.id, { status: to, updated_at: now });
        await record(ctx, tx, offer, 'offer.signing_completed', { signers: all.filter((r) => r.role !== 'read' && r.signing_status === 'signed').map((r) => r.id) });
        await emit(ctx, tx, updated, ['offer.accepted']);
        if (to === 'signed') updated = await finalize(ctx, tx, updated);
      }
    }
    return view(ctx.deps, token, updated, (await repo.findRecipient(tx, offer.organisation_id, recipient.id))!, await repo.listRecipients(tx, offer.organisation_id, offer.id));
  });
}

// ---------- invoice details ----------

const FIELDS = ['companyName', 'firstName', 'lastName', 'street', 'addressLine2', 'zip', 'city', 'country', 'vatId', 'email', 'phone', 'poNumber', 'costCenter', 'leitwegId'] as const;
const REQUIRED = new Set(['companyName', 'street', 'zip', 'city', 'country', 'email']);

/** Validates and normalises the invoice details; returns only the fields given (all strings). */
export function parseInvoiceDetails(input: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const violations: Violation[] = [];
  for (const key of Object.keys(input)) {
    if (!(FIELDS as readonly string[]).includes(key) && key !== 'consent') violations.push({ propertyPath: key, message: `Unknown field "${key}".` });
  }
  for (const key of FIELDS) {
    const raw = input[key];
    if (raw === undefined || raw === null || raw === '') {
      if (REQUIRED.has(key)) violations.push({ propertyPath: key, message: 'This value is required.' });
      continue;
    }
    if (typeof raw !== 'string') {
      violations.push({ propertyPath: key, message: 'This value should be a string.' });
      continue;
    }
    const value = raw.trim();
    if (value.length === 0 && REQUIRED.has(key)) violations.push({ propertyPath: key, message: 'This value is required.' });
    else if (value.length > 200) violations.push({ propertyPath: key, message: 'At most 200 characters.' });
    else if (value.length > 0) out[key] = value;
  }
  const check = (key: string, ok: (v: string) => boolean, message: string) => {
    if (out[key] !== undefined && !ok(out[key]!)) violations.push({ propertyPath: key, message });
  };
  if (out.country) out.country = out.country.toUpperCase();
  if (out.vatId) out.vatId = out.vatId.replace(/[\s.-]/g, '').toUpperCase();
  check('country', (v) => /^[A-Z]{2}$/.test(v), 'A two-letter ISO 3166 country code, e.g. DE.');
  check('email', (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) && v.length <= 254, 'A valid e-mail address.');
  check('zip', (v) => /^[A-Za-z0-9 -]{2,10}$/.test(v), 'A postal code of 2 to 10 letters, digits, spaces or dashes.');
  check('vatId', (v) => /^[A-Z]{2}[0-9A-Z+*]{2,13}$/.test(v), 'A VAT identification number such as DE123456789.');
  check('leitwegId', (v) => /^[0-9]{2,12}(-[0-9A-Za-z]{1,30})?-[0-9]{2}$/.test(v), 'A Leitweg-ID such as 04011000-1234512345-06.');
  if (violations.length > 0) throw invalid(violations);
  return out;
}

export interface PurchaseOrderFile {
  filename: string | null;
  content: Buffer;
}

export async function submitInvoiceDetails(ctx: PublicContext, token: string, input: Record<string, unknown>, file?: PurchaseOrderFile): Promise<PublicView> {
  return ctx.deps.db.transaction(async (tx) => {
    const { offer, recipient } = await load(tx, token, true);
    assertNotExpired(ctx.deps, offer);
    forbidReader(recipient, 'submitting invoice details');
    if (recipient.role !== 'sign') throw new AppError('forbidden', 'Only a recipient with role "sign" gives the invoice details.');
    const details = parseInvoiceDetails(input);
    if (file && file.content.subarray(0, 5).toString('latin1') !== '%PDF-') throw invalid([{ propertyPath: 'purchaseOrder', message: 'The purchase order must be a PDF.' }]);
    // During signing the details may come first; they are kept and the last signature completes the offer.
    const during = offer.status === 'signing';
    if (during && offer.captured_invoice_details !== null) throw new AppError('invalid_state', 'The invoice details were given already.');
    const to = during ? 'signing' : target(offer, 'capture_invoice_details');
    const now = ctx.deps.clock.now();
    let poId: string | null = null;
    if (file) {
      poId = crypto.randomUUID();
      await media.put(tx, { id: poId, organisationId: offer.organisation_id, offerId: offer.id, kind: 'purchase_order', filename: file.filename, contentType: 'application/pdf', content: file.content, createdAt: now });
    }
    let updated = await offersRepo.updateOffer(tx, offer.organisation_id, offer.id, {
      status: to,
      captured_invoice_details: details,
      purchase_order_document_id: poId ?? offer.purchase_order_document_id,
      updated_at: now,
    });
    await repo.updateRecipient(tx, offer.organisation_id, recipient.id, {}, `${isoDate(now)} gave invoice details`);
    await record(ctx, tx, offer, 'offer.invoice_details_captured', { recipientId: recipient.id, email: recipient.email, fields: Object.keys(details), purchaseOrderDocument: poId });
    await emit(ctx, tx, updated, ['offer.invoice_details_captured']);
    if (to === 'signed') updated = await finalize(ctx, tx, updated);
    return view(ctx.deps, token, updated, (await repo.findRecipient(tx, offer.organisation_id, recipient.id))!, await repo.listRecipients(tx, offer.organisation_id, offer.id));
  });
}

// ---------- signing completes ----------

const ACTIVITY_ACTOR = (data: Record<string, unknown>) => (typeof data.email === 'string' ? data.email : 'seller (Offers API)');

function activityDetails(type: string, data: Record<string, unknown>): string {
  const skip = new Set(['ip', 'userAgent', 'email']);
  return Object.entries(data)
    .filter(([k, v]) => !skip.has(k) && v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('\n')
    .slice(0, 600) || type;
}

/**
 * The offer became `signed`: the signed PDF (published content + signature page), the subscription,
 * the `offer.signed` activity and event, and the audit-trail PDF of every activity.
 */
async function finalize(ctx: PublicContext, tx: Queryable, offer: offersRepo.OfferRow): Promise<offersRepo.OfferRow> {
  const now = ctx.deps.clock.now();
  const content = offer.published_content as PublishedContent;
  const hash = versionHash(offer.published_content as Record<string, unknown>);
  const header = { number: offerNumber(offer.number), issuedAt: isoDate(offer.issued_at), versionHash: hash };
  const recipients = await repo.listRecipients(tx, offer.organisation_id, offer.id);
  const signatures = recipients
    .filter((r) => r.role !== 'read' && r.signed_at !== null)
    .sort((a, b) => a.signed_at!.getTime() - b.signed_at!.getTime())
    .map((r) => ({ name: r.signature_name ?? personName(r), role: r.role, email: r.email, signedAt: isoDate(r.signed_at!), image: r.signature_image }));
  const signedPdf = await renderPdf(signedDocument(content, header, signatures, now));
  const signedId = crypto.randomUUID();
  await media.put(tx, { id: signedId, organisationId: offer.organisation_id, offerId: offer.id, kind: 'signed_document', filename: `${header.number}-signed.pdf`, contentType: 'application/pdf', content: signedPdf, createdAt: now });

  const { id: subscriptionId, status, subscription } = await startSubscription(tx, offer, (content.name as string | null | undefined) ?? null, now);
  let updated = await offersRepo.updateOffer(tx, offer.organisation_id, offer.id, {
    signed: true,
    signed_at: now,
    signed_document_id: signedId,
    subscription_id: subscriptionId,
    subscription,
    updated_at: now,
  });
  const signedSha = sha256(signedPdf).toString('hex');
  await offersRepo.insertActivity(tx, {
    id: crypto.randomUUID(),
    organisationId: offer.organisation_id,
    offerId: offer.id,
    type: 'offer.signed',
    data: { signedDocument: signedId, signedDocumentSha256: signedSha, versionHash: hash, subscriptionId, subscriptionStatus: status },
    createdAt: now,
  });

  const activities = await offersRepo.listActivities(tx, offer.organisation_id, offer.id);
  const entries: AuditEntry[] = activities.map((a) => ({
    at: isoDate(a.created_at),
    type: a.type,
    actor: ACTIVITY_ACTOR(a.data),
    ip: typeof a.data.ip === 'string' ? a.data.ip : null,
    userAgent: typeof a.data.userAgent === 'string' ? a.data.userAgent.slice(0, 200) : null,
    details: activityDetails(a.type, a.data),
  }));
  const auditPdf = await renderPdf(auditLogDocument(content, header, entries, { signedDocumentSha256: signedSha }, now));
  const auditId = crypto.randomUUID();
  await media.put(tx, { id: auditId, organisationId: offer.organisation_id, offerId: offer.id, kind: 'audit_log', filename: `${header.number}-audit-log.pdf`, contentType: 'application/pdf', content: auditPdf, createdAt: now });
  updated = await offersRepo.updateOffer(tx, offer.organisation_id, offer.id, { audit_log_document_id: auditId });
  await emit(ctx, tx, updated, ['offer.signed']);
  return updated;
}

// ---------- documents ----------

export interface FileOut {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** The offer as published, as a PDF (rendered on request from the snapshot). */
export async function offerPdf(ctx: PublicContext, token: string): Promise<FileOut> {
  const { offer } = await load(ctx.deps.db, token, false);
  assertNotExpired(ctx.deps, offer);
  const header = { number: offerNumber(offer.number), issuedAt: isoDate(offer.issued_at), versionHash: offer.published_version_hash };
  const content = await renderPdf(offerDocument(offer.published_content as PublishedContent, header, offer.issued_at ?? offer.created_at));
  return { filename: `${header.number}.pdf`, contentType: 'application/pdf', content };
}

/** The signed PDF or the audit trail, once the offer is signed (404 before). */
export async function storedDocument(ctx: PublicContext, token: string, which: 'signed' | 'audit'): Promise<FileOut> {
  const { offer, recipient } = await load(ctx.deps.db, token, false);
  if (which === 'audit') forbidReader(recipient, 'downloading the audit trail');
  const id = which === 'signed' ? offer.signed_document_id : offer.audit_log_document_id;
  if (!id) throw notFound('Document');
  const stored = await media.get(ctx.deps.db, offer.organisation_id, id);
  if (!stored) throw notFound('Document');
  return { filename: stored.filename ?? `${which}.pdf`, contentType: stored.contentType, content: stored.content };
}

