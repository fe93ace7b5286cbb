// The list's wire shape built by the database: each listed offer as JSON text in OfferRead's key order,
// so GET /offers passes the text through instead of decoding jsonb into objects and serializing them
// again (that was most of an uncached page's server CPU). Only what the database cannot do stays in
// Node: a recipient's link (its token is decrypted with the server's key) and the totals (totals.ts),
// spliced in at their marks (list-page.ts). The offer's own parts are also kept on its row by a trigger
// (list-json-trigger.ts) and copied from there when their version is this code's. serialize.ts stays the
// one shape for every single read; test/offers/list-json.test.ts holds the two to the same meaning.
import { textVersion } from '../platform/crypto.js';
import type { TObject } from '@sinclair/typebox';
import { ContactPersonRead, CustomerRead, LineItemRead } from './schemas.js';

const str = (sql: string) => `to_json(${sql})::text`;
const nullable = (sql: string) => `coalesce(${sql}, 'null')`;
/** isoDate's format (`2021-01-01T00:00:00+00:00`, seconds truncated as toISOString does), whatever the session's time zone. */
const date = (sql: string) => `'"' || to_char(${sql} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || '+00:00"'`;
/** Keys and their JSON-valued SQL, joined into one text; every value is non-null SQL text. */
const members = (fields: [string, string][]) =>
  fields.map(([key, value], i) => `'${i === 0 ? '' : ','}"${key}":' || ${value}`).join(' || ');

/**
 * A flat object schema's properties picked from a jsonb value, as fast-json-stringify does: fields the
 * schema does not declare are left out, an absent optional one is omitted, an absent required one is null.
 */
function picked(schema: TObject, jsonb: string): string {
  const required = new Set(schema.required ?? []);
  const parts = Object.keys(schema.properties).map((key) => {
    const value = `(${jsonb} -> '${key}')::text`;
    return required.has(key) ? `',"${key}":' || coalesce(${value}, 'null')` : `coalesce(',"${key}":' || ${value}, '')`;
  });
  return `'{' || substr(${parts.join(' || ')}, 2) || '}'`;
}
const nullableObject = (schema: TObject, jsonb: string) =>
  `CASE WHEN ${jsonb} IS NULL OR jsonb_typeof(${jsonb}) = 'null' THEN 'null' ELSE ${picked(schema, jsonb)} END`;

/** OfferRead's fields before `recipients`, on offers aliased `o`. */
const HEAD = members([
  ['id', str('o.id')],
  ['subscription', nullable('o.subscription::text')],
  ['customer', nullableObject(CustomerRead, 'o.customer')],
  ['number', `'"ANG-' || o.number || '"'`],
  ['name', nullable(str('o.name'))],
  ['status', str('o.status')],
  ['sections', 'o.sections::text'],
  ['customVariables', nullable('o.custom_variables::text')],
  ['locale', str('o.locale')],
]);

/** An offer without line items skips the subquery: on a page of drafts it was a seventh of the JSON's cost. */
export const LINE_ITEMS = `CASE WHEN jsonb_array_length(o.line_items) = 0 THEN '[]' ELSE
                      (SELECT coalesce('[' || string_agg(${picked(LineItemRead, 'e')}, ',' ORDER BY i) || ']', '[]')
                         FROM jsonb_array_elements(o.line_items) WITH ORDINALITY AS l(e, i)) END`;

/** OfferRead's fields after `recipients` and before `totals`, with `lineItems` the SQL of their JSON. */
const tail = (lineItems: string) => `',' || ${members([
  ['purchaseOrderDocument', nullable(str('o.purchase_order_document_id'))],
  ['auditLogDocument', nullable(str('o.audit_log_document_id'))],
  ['signedDocument', nullable(str('o.signed_document_id'))],
  ['signedAt', nullable(date('o.signed_at'))],
  ['autoActivateSubscription', 'o.auto_activate_subscription::text'],
  ['crmDealId', nullable(str('o.crm_deal_id'))],
  ['acceptanceMode', str('o.acceptance_mode')],
  ['dealType', str('o.deal_type')],
  ['validUntil', nullable(date('o.valid_until'))],
  ['cachedContractValueCents', nullable(`'"' || o.cached_contract_value_cents || '"'`)],
  ['cachedContractValueCurrency', nullable(str('o.cached_contract_value_currency'))],
  ['createdAt', date('o.created_at')],
  ['updatedAt', date('o.updated_at')],
  ['capturedInvoiceDetails', nullable('o.captured_invoice_details::text')],
  ['contactPerson', nullableObject(ContactPersonRead, 'o.contact_person')],
  ['signed', 'o.signed::text'],
])}
  -- issuedAt is absent until the first publish (serialize.ts)
  || coalesce(',"issuedAt":' || ${date('o.issued_at')}, '')
  || ',' || ${members([
    ['publishedVersionHash', nullable(str('o.published_version_hash'))],
    ['currentVersionHash', nullable(str('o.current_version_hash'))],
    ['blocks', 'o.blocks::text'],
    ['lineItems', lineItems],
  ])}`;

/** A recipient's fields before `link`, on offer_recipients aliased `r`. */
const RECIPIENT = `'{' || ${members([
  ['id', str('r.id')],
  ['email', str('r.email')],
  ['firstName', nullable(str('r.first_name'))],
  ['lastName', nullable(str('r.last_name'))],
  ['role', str('r.role')],
  ['createdAt', date('r.created_at')],
  ['signingStatus', str('r.signing_status')],
  ['signingLog', 'r.signing_log::text'],
  ['signedDocument', nullable(str('r.signed_document_id'))],
])}`;

/**
 * Where Node puts a recipient's link and an offer's totals in the page's text. The database writes JSON
 * text (to_json, jsonb's output) with every control character escaped, so neither byte occurs otherwise.
 */
export const LINK_MARK = '\u0001';
export const TOTALS_MARK = '\u0002';

/**
 * Each listed offer's recipients (`rc`, one subquery for both): `json`, their JSON joined with a
 * LINK_MARK for each link, and `tokens`, their encrypted link tokens in the same order.
 */
export const RECIPIENTS_LATERAL = `LEFT JOIN LATERAL (
    SELECT string_agg(${RECIPIENT} || ',"link":' || chr(1) || '}', ',' ORDER BY r.seq) AS json,
           array_agg(r.link_token_encrypted ORDER BY r.seq) AS tokens
      FROM offer_recipients r WHERE r.offer_id = o.id) rc ON true`;

/** An offer's JSON (`o`) up to its recipients' array, and from that array's end on. */
export const OFFER_JSON_HEAD = `'{' || ${HEAD} || ',"recipients":['`;
export const offerJsonTail = (lineItems = LINE_ITEMS) => `']' || ${tail(lineItems)}
  || ',"totals":' || CASE WHEN jsonb_array_length(o.line_items) > 0 THEN chr(2) ELSE 'null' END || '}'`;
export const OFFER_JSON_TAIL = offerJsonTail();

/**
 * The version of the two parts' shape: the hash of their SQL. The trigger (list-json-trigger.ts) keeps
 * both parts on the offer's row with the version it built; a row of another version (written before
 * this release, or by a replica of another) is built here instead.
 */
export const LIST_JSON_VERSION = textVersion(`${OFFER_JSON_HEAD}\n${OFFER_JSON_TAIL}`);

/** One listed offer (`o`, with `rc`) as OfferRead's JSON, with a TOTALS_MARK for the totals of an offer with line items. */
export const OFFER_JSON = `CASE WHEN o.list_json_version = '${LIST_JSON_VERSION}'
  THEN o.list_json_head || coalesce(rc.json, '') || o.list_json_tail
  ELSE ${OFFER_JSON_HEAD} || coalesce(rc.json, '') || ${OFFER_JSON_TAIL} END`;

/** The line items of an offer that has any: Node computes its totals from them (totals.ts). */
export const LINE_ITEMS_TEXT = 'CASE WHEN jsonb_array_length(o.line_items) > 0 THEN o.line_items::text END';
