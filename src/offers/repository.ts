// SQL for offers, their recipients, activities and media. Every function is scoped by organisation.
import type { Queryable } from '../db/database.js';
import type { ActivityData, ActivityType } from './activities.js';
import type { ListQuery, OrderField } from './list-query.js';

export interface OfferRow {
  id: string;
  organisation_id: string;
  number: bigint;
  status: string;
  name: string | null;
  locale: string;
  acceptance_mode: string;
  deal_type: string;
  valid_until: Date | null;
  auto_activate_subscription: boolean;
  custom_variables: Record<string, string>;
  sections: string[];
  blocks: Record<string, unknown>[];
  line_items: unknown[];
  contact_person: Record<string, unknown> | null;
  contact_person_id: string | null;
  customer: Record<string, unknown> | null;
  crm_deal_id: string | null;
  subscription_id: string | null;
  signed: boolean;
  signed_at: Date | null;
  signed_document_id: string | null;
  audit_log_document_id: string | null;
  purchase_order_document_id: string | null;
  published: boolean;
  issued_at: Date | null;
  published_version_hash: string | null;
  current_version_hash: string;
  cached_contract_value_cents: bigint | null;
  cached_contract_value_currency: string | null;
  captured_invoice_details: Record<string, string> | null;
  /** The content as published (what recipients read); null until the first publish. */
  published_content: Record<string, unknown> | null;
  /** The subscription as Offer-OfferRead shows it (written with the subscriptions row). */
  subscription: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
}

/** Columns a service may write; anything else is rejected here rather than interpolated. */
const WRITABLE = new Set<keyof OfferRow>([
  'status', 'name', 'locale', 'acceptance_mode', 'deal_type', 'valid_until', 'auto_activate_subscription',
  'custom_variables', 'sections', 'blocks', 'line_items', 'contact_person', 'contact_person_id', 'customer',
  'crm_deal_id', 'signed', 'signed_at', 'signed_document_id', 'published', 'issued_at', 'published_version_hash',
  'current_version_hash', 'cached_contract_value_cents', 'cached_contract_value_currency', 'updated_at',
  'published_content', 'subscription', 'subscription_id', 'captured_invoice_details', 'audit_log_document_id', 'purchase_order_document_id',
]);
const JSON_COLUMNS = new Set<string>([
  'custom_variables', 'sections', 'blocks', 'line_items', 'contact_person', 'customer', 'published_content', 'subscription', 'captured_invoice_details',
]);

export type OfferWrite = Partial<Omit<OfferRow, 'id' | 'organisation_id' | 'number' | 'created_at'>>;

const param = (column: string, value: unknown) =>
  JSON_COLUMNS.has(column) && value !== null && value !== undefined ? JSON.stringify(value) : value;

/** The next per-organisation number; the counter row lock serialises concurrent creates. */
export async function nextOfferNumber(q: Queryable, organisationId: string): Promise<bigint> {
  const { rows } = await q.query<{ last_number: bigint }>(
    `INSERT INTO offer_counters (organisation_id, last_number) VALUES ($1, 1)
     ON CONFLICT (organisation_id) DO UPDATE SET last_number = offer_counters.last_number + 1
     RETURNING last_number`,
    [organisationId],
  );
  return rows[0]!.last_number;
}

export async function insertOffer(
  q: Queryable,
  offer: { id: string; organisationId: string; number: bigint; createdAt: Date } & OfferWrite,
): Promise<void> {
  const { id, organisationId, number, createdAt, ...rest } = offer;
  const columns = Object.keys(rest).filter((c) => (rest as Record<string, unknown>)[c] !== undefined);
  for (const c of columns) if (!WRITABLE.has(c as keyof OfferRow)) throw new Error(`not writable: ${c}`);
  const values = columns.map((c) => param(c, (rest as Record<string, unknown>)[c]));
  await q.query(
    `INSERT INTO offers (id, organisation_id, number, created_at, ${columns.join(', ')})
     VALUES ($1, $2, $3, $4, ${columns.map((_, i) => `$${i + 5}`).join(', ')})`,
    [id, organisationId, number, createdAt, ...values],
  );
}

export async function findOffer(q: Queryable, organisationId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<OfferRow | null> {
  const { rows } = await q.query<OfferRow>(
    `SELECT * FROM offers WHERE id = $1 AND organisation_id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id, organisationId],
  );
  return rows[0] ?? null;
}

export async function updateOffer(q: Queryable, organisationId: string, id: string, patch: OfferWrite): Promise<OfferRow> {
  const columns = Object.keys(patch).filter((c) => (patch as Record<string, unknown>)[c] !== undefined);
  for (const c of columns) if (!WRITABLE.has(c as keyof OfferRow)) throw new Error(`not writable: ${c}`);
  const { rows } = await q.query<OfferRow>(
    `UPDATE offers SET ${columns.map((c, i) => `${c} = $${i + 3}`).join(', ')} WHERE id = $1 AND organisation_id = $2 RETURNING *`,
    [id, organisationId, ...columns.map((c) => param(c, (patch as Record<string, unknown>)[c]))],
  );
  if (!rows[0]) throw new Error('offer vanished inside its transaction');
  return rows[0];
}

// ---------- list ----------

const ORDER_COLUMNS: Record<OrderField, string> = {
  number: 'number',
  name: 'name',
  status: 'status',
  dealType: 'deal_type',
  acceptanceMode: 'acceptance_mode',
  signedAt: 'signed_at',
  validUntil: 'valid_until',
  cachedContractValueCents: 'cached_contract_value_cents',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

interface Where {
  /** Conditions on offers (unqualified columns). */
  offers: string;
  /** The same conditions on offer_list_counts, or null when a filter is not counted there. */
  counts: string | null;
  params: unknown[];
}

function where(organisationId: string, filter: ListQuery['filter']): Where {
  const params: unknown[] = [organisationId];
  const offers = ['organisation_id = $1'];
  const counts = ['organisation_id = $1'];
  const add = (column: string, countColumn: string | null, op: (p: string) => string, value: unknown) => {
    params.push(value);
    offers.push(`${column} ${op(`$${params.length}`)}`);
    if (countColumn) counts.push(`${countColumn} ${op(`$${params.length}`)}`);
  };
  const any = (p: string) => `= ANY(${p}::text[])`;
  const eq = (p: string) => `= ${p}`;
  if (filter.status) add('status', 'status', any, filter.status);
  if (filter.dealType) add('deal_type', 'deal_type', any, filter.dealType);
  if (filter.acceptanceMode) add('acceptance_mode', 'acceptance_mode', any, filter.acceptanceMode);
  if (filter.signed !== undefined) add('signed', 'signed', eq, filter.signed);
  if (filter.hasSubscription !== undefined) add('(subscription_id IS NOT NULL)', 'has_subscription', eq, filter.hasSubscription);
  if (filter.contactPerson) add('contact_person_id', null, any, filter.contactPerson);
  return { offers: offers.join(' AND '), counts: filter.contactPerson ? null : counts.join(' AND '), params };
}

/**
 * The exact number of matching offers. Filters on status, dealType, acceptanceMode, signed and
 * exists[subscription] sum the trigger-maintained offer_list_counts; contactPerson counts offers.
 */
function countSql(w: Where): string {
  return w.counts === null
    ? `(SELECT count(*) FROM offers WHERE ${w.offers})`
    : `(SELECT coalesce(sum(total), 0)::bigint FROM offer_list_counts WHERE ${w.counts})`;
}

export async function countOffers(q: Queryable, organisationId: string, filter: ListQuery['filter']): Promise<number> {
  const w = where(organisationId, filter);
  const { rows } = await q.query<{ n: bigint }>(`SELECT ${countSql(w)} AS n`, w.params, { prepare: true });
  return Number(rows[0]!.n);
}

/** Every column the wire shape reads: not published_content (recipients' copy, possibly large) nor organisation_id. */
export type ListedOffer = Omit<OfferRow, 'published_content' | 'organisation_id'>;
const LIST_COLUMNS = [
  'id', 'number', 'status', 'name', 'locale', 'acceptance_mode', 'deal_type', 'valid_until', 'auto_activate_subscription',
  'custom_variables', 'sections', 'blocks', 'line_items', 'contact_person', 'contact_person_id', 'customer', 'crm_deal_id',
  'subscription_id', 'signed', 'signed_at', 'signed_document_id', 'audit_log_document_id', 'purchase_order_document_id',
  'published', 'issued_at', 'published_version_hash', 'current_version_hash', 'cached_contract_value_cents',
  'cached_contract_value_currency', 'captured_invoice_details', 'subscription', 'created_at', 'updated_at',
] as const satisfies readonly (keyof ListedOffer)[];

type ListedOfferRow = ListedOffer & { list_total: bigint; recipients_json: (Omit<RecipientRow, 'created_at'> & { created_at: string })[] };

/**
 * One page of offers with their recipients and the total, in one round trip (the list is the hot path).
 * The page is cut first (LIMIT/OFFSET in the inner query), so the recipients are aggregated for the
 * page's rows only, not for the skipped ones. The total rides on every row; an empty page asks
 * countOffers separately. A prepared statement per shape of query (filters present, order keys).
 */
export async function listOffers(q: Queryable, organisationId: string, query: ListQuery): Promise<{ rows: ListedOffer[]; recipients: RecipientRow[]; total: number }> {
  if (query.limit === 0) return { rows: [], recipients: [], total: await countOffers(q, organisationId, query.filter) };
  const w = where(organisationId, query.filter);
  const order = query.order.map((o) => [ORDER_COLUMNS[o.field], o.direction.toUpperCase()] as const);
  // Ties go by id in the direction of the last key, so a B-tree on (…, key, id) serves the whole ORDER BY.
  order.push(['id', (query.order.at(-1)?.direction ?? 'desc').toUpperCase()]);
  const orderBy = (prefix: string) => order.map(([column, direction]) => `${prefix}${column} ${direction}`).join(', ');
  const recipient = RECIPIENT_COLUMNS.split(', ').map((c) => `'${c}', r.${c}`).join(', ');
  const { rows } = await q.query<ListedOfferRow>(
    `SELECT ${LIST_COLUMNS.map((c) => `p.${c}`).join(', ')}, ${countSql(w)} AS list_total,
            (SELECT coalesce(json_agg(json_build_object(${recipient}) ORDER BY r.seq), '[]') FROM offer_recipients r WHERE r.offer_id = p.id) AS recipients_json
       FROM (SELECT ${LIST_COLUMNS.join(', ')} FROM offers WHERE ${w.offers}
              ORDER BY ${orderBy('')} LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}) p
      ORDER BY ${orderBy('p.')}`,
    [...w.params, query.limit, (query.page - 1) * query.limit],
    { prepare: true },
  );
  if (rows.length === 0) return { rows: [], recipients: [], total: await countOffers(q, organisationId, query.filter) };
  const recipients: RecipientRow[] = [];
  for (const row of rows) for (const r of row.recipients_json) recipients.push({ ...r, created_at: new Date(r.created_at) });
  return { rows, recipients, total: Number(rows[0]!.list_total) };
}

// ---------- recipients ----------

export interface RecipientRow {
  id: string;
  offer_id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  role: string;
  signing_status: string;
  signing_log: string[];
  signed_document_id: string | null;
  link_token_encrypted: string;
  created_at: Date;
}

const RECIPIENT_COLUMNS =
  'id, offer_id, email, first_name, last_name, role, signing_status, signing_log, signed_document_id, link_token_encrypted, created_at';

/** null when the offer already has a recipient with this e-mail address. */
export async function insertRecipient(
  q: Queryable,
  r: { id: string; organisationId: string; offerId: string; email: string; firstName: string | null; lastName: string | null; role: string; linkTokenHash: Buffer; linkTokenEncrypted: string; createdAt: Date },
): Promise<RecipientRow | null> {
  const { rows } = await q.query<RecipientRow>(
    `INSERT INTO offer_recipients (id, organisation_id, offer_id, email, first_name, last_name, role, link_token_hash, link_token_encrypted, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (offer_id, email) DO NOTHING RETURNING ${RECIPIENT_COLUMNS}`,
    [r.id, r.organisationId, r.offerId, r.email, r.firstName, r.lastName, r.role, r.linkTokenHash, r.linkTokenEncrypted, r.createdAt],
  );
  return rows[0] ?? null;
}

export async function listRecipients(q: Queryable, organisationId: string, offerIds: readonly string[]): Promise<RecipientRow[]> {
  if (offerIds.length === 0) return [];
  const { rows } = await q.query<RecipientRow>(
    `SELECT ${RECIPIENT_COLUMNS} FROM offer_recipients WHERE organisation_id = $1 AND offer_id = ANY($2::text[]) ORDER BY offer_id, seq`,
    [organisationId, offerIds],
  );
  return rows;
}

export async function deleteRecipient(q: Queryable, organisationId: string, offerId: string, recipientId: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM offer_recipients WHERE id = $1 AND offer_id = $2 AND organisation_id = $3', [
    recipientId,
    offerId,
    organisationId,
  ]);
  return rowCount > 0;
}

export async function setSigningStatus(q: Queryable, organisationId: string, recipientId: string, status: string): Promise<void> {
  await q.query('UPDATE offer_recipients SET signing_status = $3 WHERE id = $1 AND organisation_id = $2', [recipientId, organisationId, status]);
}

// ---------- activities (media: documents/media-store.ts) ----------

export interface ActivityRow {
  id: string;
  type: string;
  data: Record<string, unknown>;
  created_at: Date;
}

/** Writes one activity of the closed catalogue (activities.ts): its type and that type's data. */
export async function insertActivity<T extends ActivityType>(
  q: Queryable,
  a: { id: string; organisationId: string; offerId: string; type: T; data: ActivityData[T]; createdAt: Date },
): Promise<void> {
  await q.query('INSERT INTO offer_activities (id, organisation_id, offer_id, type, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    a.id,
    a.organisationId,
    a.offerId,
    a.type,
    JSON.stringify(a.data),
    a.createdAt,
  ]);
}

export async function listActivities(q: Queryable, organisationId: string, offerId: string): Promise<ActivityRow[]> {
  const { rows } = await q.query<ActivityRow>(
    'SELECT id, type, data, created_at FROM offer_activities WHERE organisation_id = $1 AND offer_id = $2 ORDER BY seq',
    [organisationId, offerId],
  );
  return rows;
}
