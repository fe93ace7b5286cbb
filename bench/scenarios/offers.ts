// Bench scenario for GET /offers: seeds 100 000 offers for the bench organisation in one bulk
// INSERT … SELECT generate_series (the statement trigger keeps offer_list_counts exact), then
// returns the two list requests of issue 3.
import crypto from 'node:crypto';
import type { Database } from '../../src/db/database.js';

export interface ScenarioContext {
  baseUrl: string;
  apiToken: string;
  organisationId: string;
  db: Database;
  /** The bench's `--offers`; callers that seed directly pass the count instead. */
  offerCount?: number;
}

export interface Scenario {
  name: string;
  request: { method: string; path: string; headers?: Record<string, string>; body?: string };
  serverEnv?: Record<string, string>;
}

export const OFFER_COUNT = 100_000;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export default async function setup(ctx: ScenarioContext, count = ctx.offerCount ?? OFFER_COUNT): Promise<Scenario[]> {
  // A random id segment per run: ULID-shaped ids ('01J' + 5 random + 18 digits) that never collide across runs.
  const prefix = Array.from(crypto.randomBytes(5), (b) => CROCKFORD[b % 32]).join('');
  await ctx.db.transaction(async (tx) => {
    // Reserve `count` numbers in one step so the counter stays right for offers created later.
    const { rows } = await tx.query<{ base: bigint }>(
      `INSERT INTO offer_counters (organisation_id, last_number) VALUES ($1, $2)
       ON CONFLICT (organisation_id) DO UPDATE SET last_number = offer_counters.last_number + $2
       RETURNING last_number - $2 AS base`,
      [ctx.organisationId, count],
    );
    // Status mix: 40% open, 20% signing, 20% signed, 10% archived, 10% awaiting invoice details.
    // Published offers carry a contract value; half of the open ones are unpublished drafts.
    await tx.query(
      `INSERT INTO offers (id, organisation_id, number, status, name, locale, acceptance_mode, deal_type, valid_until,
                           signed, signed_at, published, issued_at, published_version_hash, current_version_hash,
                           cached_contract_value_cents, cached_contract_value_currency, created_at, updated_at)
       SELECT '01J' || $3 || lpad(g::text, 18, '0'), $1, $2::bigint + g, s.status, 'Bench offer ' || g, 'de',
              CASE WHEN s.status = 'signing' THEN 'esignature' ELSE (ARRAY['click', 'esignature', 'print'])[1 + (g / 10) % 3] END,
              (ARRAY['new_business', 'expansion', 'renewal', 'one_off'])[1 + (g / 7) % 4],
              now() + ((g % 90) || ' days')::interval,
              s.status IN ('signed'), CASE WHEN s.status = 'signed' THEN now() - ((g % 300) || ' minutes')::interval END,
              s.published, CASE WHEN s.published THEN now() END, CASE WHEN s.published THEN md5(g::text) END, md5(g::text),
              CASE WHEN s.published THEN (g::bigint * 7919) % 5000000 END, CASE WHEN s.published THEN 'EUR' END,
              now() - (($4::int - g) || ' minutes')::interval, now() - (($4::int - g) || ' minutes')::interval
         FROM generate_series(1, $4::int) AS g
        CROSS JOIN LATERAL (
          SELECT (ARRAY['open', 'open', 'open', 'open', 'signing', 'signing', 'signed', 'signed', 'archived', 'awaiting_invoice_details'])[1 + g % 10] AS status,
                 NOT (g % 10 < 4 AND g % 2 = 0) AS published
        ) s`,
      [ctx.organisationId, rows[0]!.base, prefix, count],
    );
  });
  await ctx.db.query('ANALYZE offers');

  const headers = { authorization: `Bearer ${ctx.apiToken}`, accept: 'application/json' };
  const requests = [
    { name: 'open+signing, newest first, page 3', path: '/offers?status[]=open&status[]=signing&order[createdAt]=desc&page=3&limit=30' },
    {
      name: 'open+signing new_business by contract value, page 3',
      path: '/offers?status[]=open&status[]=signing&order[cachedContractValueCents]=desc&dealType=new_business&page=3&limit=30',
    },
  ];
  // Repeated reads of one page are served by the list cache; with it off, every request runs the query.
  return [
    ...requests.map((r) => ({ name: `offers: ${r.name}`, request: { method: 'GET', path: r.path, headers } })),
    ...requests.map((r) => ({
      name: `offers (cache off): ${r.name}`,
      request: { method: 'GET', path: r.path, headers },
      serverEnv: { OFFERS_LIST_CACHE_MB: '0' },
    })),
  ];
}
