// The query plans of GET /offers on PostgreSQL: seeds one organisation with `--offers` offers (the
// bench's mix, bench/scenarios/offers.ts) and prints EXPLAIN (ANALYZE, BUFFERS) of the exact
// statement the list runs (offers/list-repository.ts) for each ordering and filter that matters.
//
//   node --import tsx bench/offer-list-plans.ts [--offers 1000000] [--only createdAt]
//
// PostgreSQL from BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Queryable } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgres } from '../src/db/postgres.js';
import { parseListQuery } from '../src/offers/list-query.js';
import { listOffers } from '../src/offers/list-repository.js';
import { createOrganisation } from '../src/organisations/service.js';
import seedOffers from './scenarios/offers.js';

const { values: args } = parseArgs({
  options: { offers: { type: 'string', default: '1000000' }, only: { type: 'string' } },
});

const QUERIES = [
  'order[createdAt]=desc&page=1&limit=30',
  'status[]=open&status[]=signing&order[createdAt]=desc&page=3&limit=30',
  'status[]=open&status[]=signing&order[cachedContractValueCents]=desc&dealType=new_business&page=3&limit=30',
  'order[name]=asc&page=2&limit=30',
  'order[number]=asc&signed=true&page=1&limit=30',
  'order[createdAt]=desc&page=1000&limit=30',
  'contactPerson=nobody&page=1&limit=30',
  'status=open&limit=0',
];

/** Runs the list's own statements with EXPLAIN in front, printing each plan. */
function explaining(db: Queryable): Queryable {
  return {
    query: async (sql: string, params?: unknown[]) => {
      const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      console.log(`${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
      return db.query(sql, params);
    },
  } as unknown as Queryable;
}

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const name = 'offerpay_bench_list_plans';
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const db = await openPostgres(url.toString());
try {
  await migrate(db);
  const org = await createOrganisation({ db, secretKey: Buffer.alloc(32, 1) }, { name: 'Plans' });
  const started = Date.now();
  await seedOffers({ baseUrl: '', db, apiToken: org.apiToken, organisationId: org.organisation.id }, Number(args.offers));
  await db.query('VACUUM (ANALYZE) offers');
  console.log(`seeded ${args.offers} offers in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const query of QUERIES) {
    if (args.only && !query.includes(args.only)) continue;
    console.log(`\n## GET /offers?${query}\n`);
    // As Fastify's querystring hands it over: a repeated key becomes an array.
    const raw: Record<string, string | string[]> = {};
    for (const [key, value] of new URLSearchParams(query)) {
      const had = raw[key];
      raw[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
    }
    const parsed = parseListQuery(raw);
    // Twice: the first run reads the pages into the cache, the second shows the steady state.
    await listOffers(db, org.organisation.id, parsed);
    await listOffers(explaining(db), org.organisation.id, parsed);
  }
} finally {
  await db.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
