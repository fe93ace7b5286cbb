// SQL for offer rows. Every function is scoped by organisation. Recipients, activities and the list
// have repositories of their own (recipients-repository.ts, activities-repository.ts, list-repository.ts).
import type { Queryable } from '../db/database.js';
import { Params } from '../db/write-batch.js';

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

/**
 * The columns reads return: OfferRow's, not the list JSON kept on the row for GET /offers (list-json.ts,
 * ~1.5 KB an offer that no other read uses). A Record, so a column added to OfferRow must be added here.
 */
const READ_COLUMNS: Record<keyof OfferRow, true> = {
  id: true,
  organisation_id: true,
  number: true,
  status: true,
  name: true,
  locale: true,
  acceptance_mode: true,
  deal_type: true,
  valid_until: true,
  auto_activate_subscription: true,
  custom_variables: true,
  sections: true,
  blocks: true,
  line_items: true,
  contact_person: true,
  contact_person_id: true,
  customer: true,
  crm_deal_id: true,
  subscription_id: true,
  signed: true,
  signed_at: true,
  signed_document_id: true,
  audit_log_document_id: true,
  purchase_order_document_id: true,
  published: true,
  issued_at: true,
  published_version_hash: true,
  current_version_hash: true,
  cached_contract_value_cents: true,
  cached_contract_value_currency: true,
  captured_invoice_details: true,
  published_content: true,
  subscription: true,
  created_at: true,
  updated_at: true,
};
const READ_COLUMN_NAMES = Object.keys(READ_COLUMNS);
const UNQUALIFIED = READ_COLUMN_NAMES.join(', ');

/** The column list for `SELECT …` and `RETURNING …` of whole offers, qualified by `alias` when given. */
export const offerColumns = (alias?: string): string => (alias ? READ_COLUMN_NAMES.map((c) => `${alias}.${c}`).join(', ') : UNQUALIFIED);

/** Columns a service may write; anything else is rejected here rather than interpolated. */
const WRITABLE = new Set<keyof OfferRow>([
  'status',
  'name',
  'locale',
  'acceptance_mode',
  'deal_type',
  'valid_until',
  'auto_activate_subscription',
  'custom_variables',
  'sections',
  'blocks',
  'line_items',
  'contact_person',
  'contact_person_id',
  'customer',
  'crm_deal_id',
  'signed',
  'signed_at',
  'signed_document_id',
  'published',
  'issued_at',
  'published_version_hash',
  'current_version_hash',
  'cached_contract_value_cents',
  'cached_contract_value_currency',
  'updated_at',
  'published_content',
  'subscription',
  'subscription_id',
  'captured_invoice_details',
  'audit_log_document_id',
  'purchase_order_document_id',
]);
const JSON_COLUMNS = new Set<string>([
  'custom_variables',
  'sections',
  'blocks',
  'line_items',
  'contact_person',
  'customer',
  'published_content',
  'subscription',
  'captured_invoice_details',
]);

export type OfferWrite = Partial<Omit<OfferRow, 'id' | 'organisation_id' | 'number' | 'created_at'>>;

/**
 * Offer times are kept to whole seconds, as the API returns them: a list ordered by a time then sorts
 * by exactly what a client sees, and equal times fall to the id, as the client would order them.
 */
const wholeSeconds = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);

const param = (column: string, value: unknown) => {
  if (value instanceof Date) return wholeSeconds(value);
  return JSON_COLUMNS.has(column) && value !== null && value !== undefined ? JSON.stringify(value) : value;
};

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
    [id, organisationId, number, wholeSeconds(createdAt), ...values],
  );
}

export async function findOffer(
  q: Queryable,
  organisationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<OfferRow | null> {
  const { rows } = await q.query<OfferRow>(
    `SELECT ${offerColumns()} FROM offers WHERE id = $1 AND organisation_id = $2${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id, organisationId],
  );
  return rows[0] ?? null;
}

/** The UPDATE of one offer (no RETURNING): a statement of its own or one write of a WriteBatch. */
export function offerUpdateSql(p: Params, organisationId: string, id: string, patch: OfferWrite): string {
  const columns = Object.keys(patch).filter((c) => (patch as Record<string, unknown>)[c] !== undefined);
  for (const c of columns) if (!WRITABLE.has(c as keyof OfferRow)) throw new Error(`not writable: ${c}`);
  const sets = columns.map((c) => `${c} = ${p.add(param(c, (patch as Record<string, unknown>)[c]))}`);
  return `UPDATE offers SET ${sets.join(', ')} WHERE id = ${p.add(id)} AND organisation_id = ${p.add(organisationId)}`;
}

/** The row as `UPDATE … RETURNING` gives it back after `patch` (times in whole seconds), without asking the database. */
export function withOfferWrite(row: OfferRow, patch: OfferWrite): OfferRow {
  const next: Record<string, unknown> = { ...row };
  for (const [c, value] of Object.entries(patch)) if (value !== undefined) next[c] = value instanceof Date ? wholeSeconds(value) : value;
  return next as unknown as OfferRow;
}

export async function updateOffer(q: Queryable, organisationId: string, id: string, patch: OfferWrite): Promise<OfferRow> {
  const p = new Params();
  const { rows } = await q.query<OfferRow>(`${offerUpdateSql(p, organisationId, id, patch)} RETURNING ${offerColumns()}`, p.values);
  if (!rows[0]) throw new Error('offer vanished inside its transaction');
  return rows[0];
}
