// The query plans of GET /offers on PostgreSQL: seeds one organisation with `--offers` offers (the
// bench's mix, bench/scenarios/offers.ts) and prints EXPLAIN (ANALYZE, BUFFERS) of the exact
// statement the list runs (offers/list-repository.ts) for each ordering and filter that matters, then
// whether PostgreSQL plans the prepared list statement once (generic) or on every execution (custom),
// and what a page costs by depth.
//
//   node --import tsx bench/offer-list-plans.ts [--offers 1000000] [--only createdAt] [--depth] [--backend-cpu]
//
// --backend-cpu: PostgreSQL's own CPU for a page of the bench's two requests, read from its backend's
// /proc/<pid>/stat (Linux, a database on this host), with each offer's stored JSON (migration 40) and
// with every row's JSON built on the fly (their version changed with triggers off, then refreshed).
//
// PostgreSQL from BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test.
// BENCH_DB_NAME keeps the seeded database between runs (seeding 1,000,000 offers takes minutes): it is
// seeded when it has no organisation yet and not dropped at the end.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { Queryable } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { openPostgres } from '../src/db/postgres.js';
import { parseListQuery } from '../src/offers/list-query.js';
import { refreshListJson } from '../src/offers/list-json-refresh.js';
import { listOffers } from '../src/offers/list-repository.js';
import { OFFER_PAGE_QUERY } from '../src/offers/list-page-function.js';
import { createOrganisation } from '../src/organisations/service.js';
import seedOffers from './scenarios/offers.js';

const { values: args } = parseArgs({
  options: {
    offers: { type: 'string', default: '1000000' },
    only: { type: 'string' },
    depth: { type: 'boolean', default: false },
    'backend-cpu': { type: 'boolean', default: false },
  },
});

const QUERIES = [
  'order[createdAt]=desc&page=1&limit=30',
  'status[]=open&status[]=signing&order[createdAt]=desc&page=3&limit=30',
  'status[]=open&status[]=signing&order[cachedContractValueCents]=desc&dealType=new_business&page=3&limit=30',
  'order[name]=asc&page=2&limit=30',
  'order[number]=asc&signed=true&page=1&limit=30',
  'order[createdAt]=desc&page=1000&limit=30',
  'order[createdAt]=desc&page=30000&limit=30',
  'contactPerson=nobody&page=1&limit=30',
  'status=open&limit=0',
];

/** As Fastify's querystring hands it over: a repeated key becomes an array. */
function parsed(query: string) {
  const raw: Record<string, string | string[]> = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const had = raw[key];
    raw[key] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return parseListQuery(raw);
}

async function explain(db: Queryable, sql: string, params?: readonly unknown[]): Promise<void> {
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  console.log(`${rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
}

/**
 * Runs the list's own statement with EXPLAIN in front, printing its plan and then the plan of the query
 * inside the JSON function (a plan inside PL/pgSQL shows in neither) for 30 of the organisation's offers.
 */
function explaining(db: Queryable, organisationId: string): Queryable {
  return {
    query: async (sql: string, params?: unknown[]) => {
      await explain(db, sql, params);
      const { rows } = await db.query<{ id: string }>('SELECT id FROM offers WHERE organisation_id = $1 LIMIT 30', [organisationId]);
      await explain(db, OFFER_PAGE_QUERY, [rows.map((r) => r.id), organisationId]);
      return db.query(sql, params);
    },
  } as unknown as Queryable;
}

/** PostgreSQL's CPU ms a page on one connection (its backend's utime + stime, in 10 ms ticks over 2,000 pages). */
async function backendCpu(dbUrl: string, organisationId: string): Promise<void> {
  const one = await openPostgres(dbUrl, { max: 1 });
  try {
    const { rows } = await one.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const ticks = () => {
      const fields = fs.readFileSync(`/proc/${rows[0]!.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(fields[11]) + Number(fields[12]);
    };
    const measure = async (query: string) => {
      for (let i = 0; i < 200; i++) await listOffers(one, organisationId, parsed(query));
      const before = ticks();
      for (let i = 0; i < 2000; i++) await listOffers(one, organisationId, parsed(query));
      return (((ticks() - before) * 10) / 2000).toFixed(2);
    };
    console.log('\n## PostgreSQL CPU ms a page (one backend, 2,000 pages each)\n');
    for (let round = 0; round < 2; round++) {
      for (const query of QUERIES.slice(1, 3)) console.log(`stored JSON: ${await measure(query)} ms  ${query}`);
      await one.transaction(async (tx) => {
        await tx.exec('SET LOCAL session_replication_role = replica');
        await tx.query("UPDATE offers SET list_json_version = 'built on the fly' WHERE organisation_id = $1", [organisationId]);
      });
      for (const query of QUERIES.slice(1, 3)) console.log(`built on the fly: ${await measure(query)} ms  ${query}`);
      const started = Date.now();
      const refreshed = await refreshListJson(one);
      console.log(`refreshed ${refreshed} offers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await one.close();
  }
}

const adminUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const kept = process.env.BENCH_DB_NAME;
if (kept !== undefined && !/^[a-z_][a-z0-9_]*$/.test(kept)) throw new Error('BENCH_DB_NAME must be a lowercase SQL identifier');
const name = kept ?? 'offerpay_bench_list_plans';
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
if (!kept) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
if (!exists) await admin.query(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const db = await openPostgres(url.toString());
try {
  await migrate(db);
  const { rows: orgs } = await db.query<{ organisation_id: string; n: string }>(
    'SELECT organisation_id, count(*)::text AS n FROM offers GROUP BY 1 ORDER BY 2 DESC LIMIT 1',
  );
  let organisationId = orgs[0]?.organisation_id;
  if (organisationId === undefined) {
    const org = await createOrganisation({ db, secretKey: Buffer.alloc(32, 1) }, { name: 'Plans' });
    organisationId = org.organisation.id;
    const started = Date.now();
    await seedOffers({ baseUrl: '', db, apiToken: org.apiToken, organisationId }, Number(args.offers));
    await db.query('VACUUM (ANALYZE) offers');
    console.log(`seeded ${args.offers} offers in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } else console.log(`kept database ${name}: ${orgs[0]!.n} offers in one organisation`);
  const org = organisationId;

  for (const query of QUERIES) {
    if (args.only && !query.includes(args.only)) continue;
    console.log(`\n## GET /offers?${query}\n`);
    // Twice: the first run reads the pages into the cache, the second shows the steady state.
    await listOffers(db, org, parsed(query));
    await listOffers(explaining(db, org), org, parsed(query));
  }

  // The list's statement is prepared per connection; PostgreSQL replans it on every execution (a custom
  // plan: the planning time above, each time) unless its generic plan is estimated as cheap. With its
  // LIMIT/OFFSET parameters it stays custom, which is why the JSON is built inside a function whose
  // query PL/pgSQL plans once (the function's plans are not listed in pg_prepared_statements).
  console.log('\n## the prepared list statement after 20 executions each on one connection\n');
  await db.transaction(async (tx) => {
    for (const query of QUERIES.slice(0, 5)) for (let i = 0; i < 20; i++) await listOffers(tx, org, parsed(query));
    const { rows } = await tx.query<{ generic_plans: string; custom_plans: string }>(
      `SELECT generic_plans::text, custom_plans::text FROM pg_prepared_statements WHERE statement LIKE '%list_total%' ORDER BY prepare_time`,
    );
    for (const r of rows) console.log(`page statement: generic plans ${r.generic_plans}, custom plans ${r.custom_plans}`);
  });

  if (args.depth) {
    const { rows } = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM offers WHERE organisation_id = $1', [org]);
    const last = Math.ceil(Number(rows[0]!.n) / 30);
    console.log('\n## page cost by depth (newest first, limit 30; median of 5 executions)\n');
    for (const page of [1, 10, 100, 1000, 10000, Math.floor(last / 2), last].filter((p) => p <= last)) {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await listOffers(db, org, parsed(`order[createdAt]=desc&page=${page}&limit=30`));
        times.push(performance.now() - started);
      }
      console.log(`page ${page}: ${times.sort((a, b) => a - b)[2]!.toFixed(2)} ms`);
    }
  }
  if (args['backend-cpu']) await backendCpu(url.toString(), org);
  const load = await import('node:os').then((os) =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  );
  console.log(`\nload average: ${load}`);
} finally {
  await db.close();
  if (!kept) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
