// Merchant API use cases. Each is one transaction: lock (or guard-update) the invoice, ask states.ts
// whether the event may happen, write the change, its ledger entries, its timer job and the callback
// (outbox) together. Routes call these; SQL stays in repository.ts.
import type { Queryable } from '../db/database.js';
import { encryptSecret, randomToken, sha256 } from '../platform/crypto.js';
import type { Deps } from '../platform/deps.js';
import { queuePayerNotice } from '../notifications/queue.js';
import { enqueue } from '../platform/outbox.js';
import { CURRENCIES, depositFee, findCurrency, payable } from './currencies.js';
import { fieldErrors, MerchantApiError } from './errors.js';
import { formatUnits, max, min } from './money.js';
import { networkOf } from './network/index.js';
import { payerNotice } from './payer-notice.js';
import * as repo from './repository.js';
import { callbackBody, received, invoiceData, invoiceDetails, invoiceUrl, sumsOf } from './serialize.js';
import { ALLOWED_FROM, INVOICE_TYPES, isFinal, STATUSES, transition, type InvoiceEvent, type InvoiceStatus, type Outcome } from './states.js';
import { bodyOf, Validator } from './validate.js';

export const FIX_WINDOW_MS = 15 * 60 * 1000;
export const CONFIRMATION_WINDOW_MS = 24 * 60 * 60 * 1000;
export const CALLBACK_TOPIC = 'merchant.invoice_callback';

export const invalidInvoiceState = (message = 'Invoice cannot be failed in its current state.') =>
  new MerchantApiError(400, { error: message, code: 'invalid_invoice_state' });
const notFound = (field = 'foreign_id') => fieldErrors({ [field]: 'Invoice not found.' });

// ---------- create ----------

function parseCreate(body: unknown, relaxedUrls: boolean) {
  const v = new Validator(bodyOf(body));
  const type = v.oneOf('type', INVOICE_TYPES) ?? 'fill_or_kill';
  const timer = v.boolean('timer', { required: true });
  const title = v.string('title', { required: true, max: 50 });
  const description = v.string('description', { max: 1000 }) ?? null;
  const foreignId = v.string('foreign_id', { required: true, max: 255 });
  const endUserReference = v.string('end_user_reference', { max: 255 }) ?? null;
  const currencyCode = v.string('currency', { required: true });
  const currency = findCurrency(currencyCode);
  if (currencyCode !== undefined && !currency) v.error('currency', 'The selected currency is invalid.');
  const senderCode = v.string('sender_currency');
  const sender = findCurrency(senderCode);
  if (senderCode !== undefined && sender?.type !== 'crypto') v.error('sender_currency', 'The selected sender currency is invalid.');
  const amount = v.amount('amount', { required: true });
  if (amount !== undefined && currency && amount < currency.minimumAmount) {
    v.error('amount', `The amount is too small. The minimum amount is ${formatUnits(currency.minimumAmount, currency.precision)} ${currency.currency}.`);
  }
  const urlSuccess = v.returnUrl('url_success', relaxedUrls);
  const urlFailed = v.returnUrl('url_failed', relaxedUrls);
  const emailUser = v.email('email_user') ?? null;
  const senderType = v.oneOf('sender_type', ['natural', 'legal'] as const) ?? null;
  const senderData = v.object('sender_data') ?? null;
  if (senderData) {
    for (const [k, value] of Object.entries(senderData)) {
      if (value !== null && (typeof value !== 'string' || value.length > 255)) v.error(`sender_data.${k}`, `The sender data.${k.replace(/_/g, ' ')} must be a string.`);
    }
  }
  v.done();
  return {
    type,
    timer: timer!,
    title: title!,
    description,
    foreignId: foreignId!,
    endUserReference,
    currency: currency!.currency,
    senderCurrency: sender?.currency ?? null,
    amount: amount!,
    urlSuccess: urlSuccess!,
    urlFailed: urlFailed!,
    emailUser,
    senderType,
    senderData,
  };
}

/** Quotes the payer's currency and derives a deposit address: the rate is fixed from here on. */
async function fixCurrency(deps: Deps, invoice: { organisation_id: string; id: bigint; amount: bigint; currency: string }, currency: string, addressId: bigint) {
  const network = networkOf(deps);
  const senderAmount = network.quote(invoice.amount, invoice.currency, currency);
  if (senderAmount === null) throw fieldErrors({ sender_currency: 'Exchange is unavailable for given currencies' });
  if (senderAmount > 10n ** 17n) throw fieldErrors({ amount: 'The amount is too large for the selected currency.' });
  const { address } = await network.assignAddress({ organisationId: invoice.organisation_id, invoiceId: invoice.id, currency });
  return { sender_currency: currency, sender_amount: senderAmount, address, address_id: addressId };
}

export async function createInvoice(deps: Deps, organisationId: string, body: unknown) {
  const input = parseCreate(body, deps.config.allowPrivateWebhookTargets);
  const now = deps.clock.now();
  // Types: no timer (no deadline until the payer picks a currency), timer (15 min from now),
  // timer + sender_currency (15 min, rate fixed and address assigned now).
  const deadline = input.timer ? new Date(now.getTime() + FIX_WINDOW_MS) : null;
  const slug = randomToken(24);
  try {
    const ids = input.timer && input.senderCurrency ? await repo.reserveInvoiceIds(deps.db) : null;
    const fixed = ids
      ? await fixCurrency(deps, { organisation_id: organisationId, id: ids.id, amount: input.amount, currency: input.currency }, input.senderCurrency!, ids.addressId)
      : { sender_currency: input.senderCurrency, sender_amount: null, address: null, address_id: null };
    // One statement inserts the invoice and its expiry job together.
    const row = await repo.insertInvoice(
      deps.db,
      {
        organisation_id: organisationId,
        foreign_id: input.foreignId,
        slug_hash: sha256(slug),
        slug_encrypted: encryptSecret(deps.secretKey, slug),
        type: input.type,
        timer: input.timer,
        title: input.title,
        description: input.description,
        currency: input.currency,
        amount: input.amount,
        ...fixed,
        status: 'created',
        end_user_reference: input.endUserReference,
        url_success: input.urlSuccess,
        url_failed: input.urlFailed,
        email_user: input.emailUser,
        sender_type: input.senderType,
        sender_data: input.senderData,
        fixed_at: input.timer ? now : null,
        release_at: deadline,
        expires_at: deadline,
        created_at: now,
      },
      ids?.id,
    );
    return invoiceData(row, now, invoiceUrl(deps, row));
  } catch (error) {
    if (repo.isForeignIdTaken(error)) throw fieldErrors({ foreign_id: 'The foreign id has already been taken.' });
    throw error;
  }
}

// ---------- state changes ----------

/** What the side effects of a state change need besides the transaction. */
type EffectDeps = Pick<Deps, 'config' | 'clock'>;

/** The payer's e-mail (email_user) after paying less or more than requested, queued with the change. */
async function noticePayer(deps: EffectDeps, tx: Queryable, before: repo.InvoiceRow, after: repo.InvoiceRow, txs: repo.TransactionRow[]) {
  const kind = payerNotice(before, after, txs);
  if (kind) await queuePayerNotice(deps, tx, { organisationId: after.organisation_id, invoiceId: after.id, kind });
}

async function sendCallback(tx: Queryable, invoice: repo.InvoiceRow, transactions?: repo.TransactionRow[]): Promise<void> {
  const txs = transactions ?? (await repo.listTransactions(tx, invoice.organisation_id, invoice.id));
  await enqueue(tx, { organisationId: invoice.organisation_id, topic: CALLBACK_TOPIC, payload: callbackBody(invoice, txs) });
}

/** Writes an allowed outcome: status, error, deadline extension, the timer job. */
async function apply(tx: Queryable, invoice: repo.InvoiceRow, outcome: Outcome & { ok: true }, now: Date, patch: repo.InvoicePatch = {}) {
  const full: repo.InvoicePatch = { ...patch, status: outcome.status, error: outcome.error };
  if (outcome.extendDeadline) full.expires_at = new Date(now.getTime() + CONFIRMATION_WINDOW_MS);
  const updated = await repo.updateInvoice(tx, invoice.organisation_id, { id: invoice.id }, [invoice.status], full, now);
  if (!updated) throw invalidInvoiceState(); // the row is locked by the caller, so this means a bug
  if (isFinal(updated.status)) await repo.cancelJobs(tx, updated.id);
  else if (updated.expires_at && updated.expires_at.getTime() !== invoice.expires_at?.getTime())
    await repo.scheduleJob(tx, updated.organisation_id, updated.id, 'invoice.expire', updated.expires_at);
  return updated;
}

function decide(invoice: repo.InvoiceRow, event: InvoiceEvent, message?: string): Outcome & { ok: true } {
  const outcome = transition(invoice.status, event);
  if (!outcome.ok) throw invalidInvoiceState(message);
  return outcome;
}

export interface InvoiceRef {
  organisationId: string;
  key: repo.InvoiceKey;
}

async function lock(tx: Queryable, ref: InvoiceRef): Promise<repo.InvoiceRow> {
  const invoice = await repo.findInvoice(tx, ref.organisationId, ref.key, true);
  if (!invoice) throw notFound('id' in ref.key ? 'id' : 'foreign_id');
  return invoice;
}

/** The merchant cancels: a guarded write, so a racing confirmation or expiry leaves exactly one outcome. */
export async function cancelInvoice(deps: Deps, organisationId: string, foreignId: string): Promise<void> {
  const now = deps.clock.now();
  const outcome = transition('created', { type: 'cancel' }) as Outcome & { ok: true };
  await deps.db.transaction(async (tx) => {
    const failed = await repo.failOpenInvoice(tx, organisationId, foreignId, ALLOWED_FROM.cancel, outcome.error!, now);
    if (!failed) {
      if (await repo.findInvoice(tx, organisationId, { foreignId })) throw invalidInvoiceState();
      throw notFound();
    }
    const { has_transactions: paid, ...invoice } = failed;
    await sendCallback(tx, invoice, paid ? undefined : []);
  });
}

async function pickCurrencyIn(tx: Queryable, deps: Deps, invoice: repo.InvoiceRow, code: string | undefined, now: Date) {
  const currency = findCurrency(code ?? invoice.sender_currency);
  if (!currency || currency.type !== 'crypto') throw fieldErrors({ currency: code === undefined ? 'The currency field is required.' : 'The selected currency is invalid.' });
  if (invoice.sender_currency && invoice.sender_currency !== currency.currency) throw fieldErrors({ currency: 'The selected currency is invalid.' });
  if (invoice.address) throw invalidInvoiceState('The currency of this invoice is already fixed.');
  // The deadline passed but the timer job has not run yet: too late to fix a rate.
  if (invoice.expires_at && invoice.expires_at <= now) throw invalidInvoiceState('The invoice has expired.');
  const outcome = decide(invoice, { type: 'select_currency' }, 'The currency of this invoice is already fixed.');
  const patch: repo.InvoicePatch = await fixCurrency(deps, invoice, currency.currency, await repo.nextAddressId(tx));
  // No-timer invoices start their 15-minute window now; timer invoices keep the one from creation.
  if (!invoice.release_at) {
    const deadline = new Date(now.getTime() + FIX_WINDOW_MS);
    Object.assign(patch, { fixed_at: now, release_at: deadline, expires_at: deadline });
  }
  const updated = await apply(tx, invoice, outcome, now, patch);
  await sendCallback(tx, updated, []);
  return updated;
}

/** The payer picks the currency to pay in (hosted page). */
export async function pickCurrency(deps: Deps, ref: InvoiceRef, currency: string | undefined) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => pickCurrencyIn(tx, deps, await lock(tx, ref), currency, now));
}

/** Books newly confirmed transactions and lets the invoice confirm (or fail, fill-or-kill short). */
async function confirmIn(deps: EffectDeps, tx: Queryable, invoice: repo.InvoiceRow, confirmedNow: repo.TransactionRow[], now: Date) {
  const entries: repo.LedgerEntry[] = confirmedNow
    .filter((t) => t.status === 'confirmed')
    .flatMap((t) => [
      { currency: t.currency, amount: t.amount, kind: 'deposit' as const, invoiceId: invoice.id, transactionId: t.id },
      ...(t.fee > 0n ? [{ currency: t.currency, amount: -t.fee, kind: 'fee' as const, invoiceId: invoice.id, transactionId: t.id }] : []),
    ]);
  await repo.insertLedgerEntries(tx, invoice.organisation_id, entries, now);
  if (isFinal(invoice.status)) return invoice; // late confirmations still book the money, nothing else
  const txs = await repo.listTransactions(tx, invoice.organisation_id, invoice.id);
  const outcome = decide(invoice, {
    type: 'confirmation',
    sums: sumsOf(invoice, txs),
    invoiceType: invoice.type,
    allConfirmed: txs.every((t) => t.status === 'confirmed'),
  });
  if (outcome.status === invoice.status) return invoice;
  const updated = await apply(tx, invoice, outcome, now);
  if (updated.status === 'confirmed' && updated.currency !== updated.sender_currency) {
    // Convert what was received net of fees, at most the quoted sum, into the invoice's currency at the
    // fixed rate. An overpaid surplus stays in crypto: it belongs to the payer until refunded.
    const crypto = min(received(updated, txs).crypto.net, updated.sender_amount!);
    await repo.insertLedgerEntries(tx, updated.organisation_id, [
      { currency: updated.sender_currency!, amount: -crypto, kind: 'exchange', invoiceId: updated.id, transactionId: null },
      { currency: updated.currency, amount: (crypto * updated.amount) / updated.sender_amount!, kind: 'exchange', invoiceId: updated.id, transactionId: null },
    ], now);
  }
  await sendCallback(tx, updated, txs);
  await noticePayer(deps, tx, invoice, updated, txs);
  return updated;
}

export interface PaymentReport {
  currency: string;
  amount: bigint;
  txid: string;
  confirmations: number;
}

/** A payment seen on the network (the adapter's entry point; the sandbox API uses it too). */
async function recordPaymentIn(deps: EffectDeps, tx: Queryable, invoice: repo.InvoiceRow, payment: PaymentReport, now: Date) {
  if (isFinal(invoice.status) || !invoice.address || !invoice.sender_amount) throw invalidInvoiceState('Invoice cannot accept payments in its current state.');
  const currency = findCurrency(payment.currency);
  if (!currency || currency.currency !== invoice.sender_currency) throw fieldErrors({ currency: 'The selected currency is invalid.' });
  const confirmed = payment.confirmations >= currency.confirmations;
  const row = await repo.insertTransaction(tx, {
    organisation_id: invoice.organisation_id,
    invoice_id: invoice.id,
    currency: currency.currency,
    amount: payment.amount,
    fee: depositFee(currency, payment.amount),
    address: invoice.address,
    txid: payment.txid,
    confirmations: payment.confirmations,
    status: confirmed ? 'confirmed' : 'not_confirmed',
    created_at: now,
  });
  const txs = await repo.listTransactions(tx, invoice.organisation_id, invoice.id);
  const outcome = decide(invoice, { type: 'payment', sums: { ...sumsOf(invoice, txs), confirmed: 0n } }, 'Invoice cannot accept payments in its current state.');
  let updated = await apply(tx, invoice, outcome, now);
  // One callback per payment, installments included.
  await sendCallback(tx, updated, txs);
  if (confirmed) updated = await confirmIn(deps, tx, updated, [row], now);
  return updated;
}

export async function recordPayment(deps: Deps, ref: InvoiceRef, payment: PaymentReport) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => recordPaymentIn(deps, tx, await lock(tx, ref), payment, now));
}

/** New confirmation counts from the network, for all of the invoice's transactions or one txid. */
export async function recordConfirmations(deps: Deps, ref: InvoiceRef, confirmations: number, txid?: string) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const invoice = await lock(tx, ref);
    const required = findCurrency(invoice.sender_currency)?.confirmations ?? 1;
    const changed = await repo.raiseConfirmations(tx, invoice.organisation_id, invoice.id, confirmations, required, now, txid);
    return confirmIn(deps, tx, invoice, changed, now);
  });
}

// ---------- sandbox ----------

let txCounter = 0;
const sandboxTxid = (invoiceId: bigint, now: Date) =>
  `sandbox_${invoiceId}_${now.getTime().toString(36)}_${(++txCounter).toString(36)}_${randomToken(6)}`;

function sandboxOnly(deps: Deps): void {
  if (!networkOf(deps).simulated) throw new MerchantApiError(403, { error: 'The sandbox API is not available on this network.', code: 'sandbox_disabled' });
}

/** Sandbox: the payer pays (picking the currency first if needed); amount defaults to what is still due. */
export async function simulatePayment(deps: Deps, ref: InvoiceRef, body: unknown) {
  sandboxOnly(deps);
  const v = new Validator(bodyOf(body));
  const currency = v.string('currency');
  const amount = v.amount('amount');
  const confirmations = v.integer('confirmations', { min: 0, max: 1000 }) ?? 0;
  const txid = v.string('txid', { max: 255 });
  v.done();
  const now = deps.clock.now();
  // txids are unique across the whole network (a unique index); another merchant's is "taken" too.
  return deps.db.transaction(async (tx) => {
    let invoice = await lock(tx, ref);
    if (!invoice.address && !isFinal(invoice.status)) invoice = await pickCurrencyIn(tx, deps, invoice, currency, now);
    const txs = await repo.listTransactions(tx, invoice.organisation_id, invoice.id);
    const due = max(0n, (invoice.sender_amount ?? 0n) - sumsOf(invoice, txs).seen);
    const pay = amount ?? due;
    if (pay <= 0n) throw fieldErrors({ amount: 'The amount must be greater than 0.' });
    return recordPaymentIn(deps, tx, invoice, { currency: currency ?? invoice.sender_currency ?? '', amount: pay, txid: txid ?? sandboxTxid(invoice.id, now), confirmations }, now);
  }).catch((error: unknown) => {
    if ((error as { code?: string }).code === '23505' && /txid/.test(String((error as Error).message) + String((error as { constraint?: string }).constraint)))
      throw fieldErrors({ txid: 'The txid has already been taken.' });
    throw error;
  });
}

export async function simulateConfirmations(deps: Deps, ref: InvoiceRef, body: unknown) {
  sandboxOnly(deps);
  const v = new Validator(bodyOf(body));
  const confirmations = v.integer('confirmations', { min: 1, max: 1000 });
  const txid = v.string('txid', { max: 255 });
  v.done();
  const invoice = await repo.findInvoice(deps.db, ref.organisationId, ref.key);
  if (!invoice) throw notFound();
  const required = findCurrency(invoice.sender_currency)?.confirmations ?? 1;
  return recordConfirmations(deps, ref, confirmations ?? required, txid);
}

// ---------- timers ----------

/** The deadline passed: fail the invoice with the documented text (or reschedule if it moved). */
export async function expireIn(deps: EffectDeps, tx: Queryable, invoice: repo.InvoiceRow, now: Date): Promise<'done' | 'rescheduled'> {
  if (isFinal(invoice.status) || !invoice.expires_at) return 'done';
  if (invoice.expires_at > now) {
    await repo.scheduleJob(tx, invoice.organisation_id, invoice.id, 'invoice.expire', invoice.expires_at);
    return 'rescheduled';
  }
  const txs = await repo.listTransactions(tx, invoice.organisation_id, invoice.id);
  const updated = await apply(tx, invoice, decide(invoice, { type: 'expire', sums: sumsOf(invoice, txs) }), now);
  await sendCallback(tx, updated, txs);
  await noticePayer(deps, tx, invoice, updated, txs);
  return 'done';
}

// ---------- reads ----------

export async function invoiceInfo(deps: Deps, organisationId: string, body: unknown) {
  const v = new Validator(bodyOf(body));
  const id = v.integer('id', { min: 1 });
  const foreignId = v.string('foreign_id', { max: 255 });
  if (!v.has('id') && !v.has('foreign_id')) v.error('foreign_id', 'The foreign id field is required when id is not present.');
  v.done();
  const key: repo.InvoiceKey = id !== undefined ? { id: BigInt(id) } : { foreignId: foreignId! };
  const invoice = await repo.findInvoice(deps.db, organisationId, key);
  if (!invoice) throw notFound(id !== undefined ? 'id' : 'foreign_id');
  const txs = await repo.listTransactions(deps.db, organisationId, invoice.id);
  const cb = callbackBody(invoice, txs);
  return {
    ...invoiceDetails(invoice, deps.clock.now(), invoiceUrl(deps, invoice)),
    crypto_address: cb.crypto_address,
    currency_sent: cb.currency_sent,
    currency_received: cb.currency_received,
    transactions: cb.transactions,
    fees: cb.fees,
  };
}

export async function listInvoices(deps: Deps, organisationId: string, body: unknown) {
  const v = new Validator(bodyOf(body));
  const page = v.integer('page', { min: 1 }) ?? 1;
  const perPage = v.integer('per_page', { min: 1, max: 100 }) ?? 25;
  const status = v.oneOf('status', STATUSES);
  v.done();
  const { rows, total } = await repo.listInvoices(deps.db, organisationId, { limit: perPage, offset: (page - 1) * perPage, ...(status ? { status } : {}) });
  const now = deps.clock.now();
  return {
    data: rows.map((r) => invoiceDetails(r, now, invoiceUrl(deps, r))),
    meta: { current_page: page, per_page: perPage, total, last_page: Math.max(1, Math.ceil(total / perPage)) },
  };
}

export async function accounts(deps: Deps, organisationId: string) {
  const balances = await repo.balances(deps.db, organisationId);
  return CURRENCIES.map((c) => ({ currency: c.currency, type: c.type, balance: formatUnits(balances.get(c.currency) ?? 0n) }));
}

export function currencies(body: unknown) {
  const v = new Validator(bodyOf(body));
  const visible = v.boolean('visible');
  v.done();
  // Every currency is visible; asking for hidden ones gives none.
  if (visible === false) return [];
  return CURRENCIES.map((c) => ({
    id: c.id,
    type: c.type,
    currency: c.currency,
    minimum_amount: formatUnits(c.minimumAmount),
    deposit_fee_percent: (Number(c.depositFeeBp) / 100).toFixed(6),
    withdrawal_fee_percent: (Number(c.withdrawalFeeBp) / 100).toFixed(6),
    precision: c.precision,
  }));
}

export function pairs(deps: Deps, body: unknown, both: boolean) {
  const v = new Validator(bodyOf(body));
  const from = v.string('currency_from', { required: both });
  const to = v.string('currency_to', { required: both });
  if (from !== undefined && !findCurrency(from)) v.error('currency_from', 'The selected currency from is invalid.');
  if (to !== undefined && !findCurrency(to)) v.error('currency_to', 'The selected currency to is invalid.');
  v.done();
  const network = networkOf(deps);
  // Payers pay crypto; a pair is "what you send" → "what the merchant is credited".
  return payable()
    .filter((a) => from === undefined || a.currency === from)
    .flatMap((a) =>
      CURRENCIES.filter((b) => b.currency !== a.currency && (to === undefined || b.currency === to)).flatMap((b) => {
        const rate = network.rate(a.currency, b.currency);
        if (rate === null) return [];
        return [{
          currency_from: { currency: a.currency, type: a.type, min_amount: formatUnits(a.minimumAmount), min_amount_deposit_with_exchange: formatUnits(a.minimumAmount) },
          currency_to: { currency: b.currency, type: b.type },
          rate_from: '1',
          rate_to: formatUnits(rate),
        }];
      }),
    );
}

export async function transactionInfo(deps: Deps, organisationId: string, body: unknown) {
  const v = new Validator(bodyOf(body));
  const id = v.integer('id', { min: 1 });
  const foreignId = v.string('foreign_id', { max: 255 });
  const txid = v.string('txid', { max: 255 });
  const given = ['id', 'foreign_id', 'txid'].filter((f) => v.has(f));
  if (given.length !== 1) v.error(given[1] ?? 'id', 'Exactly one of id, foreign_id or txid is required.');
  v.done();
  let invoice: repo.InvoiceRow | null = null;
  if (foreignId !== undefined) invoice = await repo.findInvoice(deps.db, organisationId, { foreignId });
  else {
    const t = await repo.findTransaction(deps.db, organisationId, id !== undefined ? { id: BigInt(id) } : { txid: txid! });
    if (t) invoice = await repo.findInvoice(deps.db, organisationId, { id: t.invoice_id });
  }
  if (!invoice) throw fieldErrors({ [given[0]!]: 'Transaction not found.' });
  // The documented answer is the callback body without its timestamps, not wrapped in `data`.
  const { fixed_at: _fixed, expires_at: _expires, ...answer } = callbackBody(invoice, await repo.listTransactions(deps.db, organisationId, invoice.id));
  return answer;
}

/** Public page: the invoice behind an unguessable slug. */
export async function invoiceBySlug(deps: Deps, slug: string) {
  const invoice = await repo.findInvoiceBySlug(deps.db, slug);
  if (!invoice) return null;
  const txs = await repo.listTransactions(deps.db, invoice.organisation_id, invoice.id);
  return { invoice, transactions: txs, sums: sumsOf(invoice, txs) };
}

export type { InvoiceStatus };
