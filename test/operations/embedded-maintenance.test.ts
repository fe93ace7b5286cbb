// The embedded engine's stand-in for autovacuum (operations/embedded-maintenance.ts): PGlite runs
// PostgreSQL in single-user mode, where nothing vacuums or analyzes a table by itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findInvoice } from '../../src/invoices/repository.js';
import { maintainTables, startEmbeddedMaintenance } from '../../src/operations/embedded-maintenance.js';
import { createTestApp, describeEachEngine, type TestApp } from '../helpers/app.js';

const addInvoices = (t: TestApp, organisationId: string, from: number, count: number) =>
  t.db.query(
    `INSERT INTO invoices (organisation_id, foreign_id, slug_hash, slug_encrypted, type, timer, title, currency, amount,
                           status, url_success, url_failed, created_at, updated_at, live)
     SELECT $1, 'order-' || g, sha256(('slug-' || g)::bytea), 'x', 'default', true, 'Order', 'EUR', 100,
            'created', 'https://shop.example/ok', 'https://shop.example/failed', now(), now(), false
       FROM generate_series($2::int, $3::int) g`,
    [organisationId, from, from + count - 1],
  );

/** The plan of the prepared lookup by foreign id (repository.ts findInvoice), as PostgreSQL would run it now. */
async function lookupPlan(t: TestApp, organisationId: string): Promise<string> {
  const { rows } = await t.db.query<{ name: string }>(
    "SELECT name FROM pg_prepared_statements WHERE statement LIKE 'SELECT * FROM invoices WHERE organisation_id = $1 AND foreign_id = $2'",
  );
  assert.equal(rows.length, 1);
  const plan = await t.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE ${rows[0]!.name}('${organisationId}', 'order-7')`);
  return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('embedded maintenance [pglite]', () => {
  let t: TestApp;
  let organisationId = '';
  before(async () => {
    t = await createTestApp('pglite');
    organisationId = (await t.newOrganisation()).organisation.id;
  });
  after(() => t.close());

  it('analyzes a grown table, so that a lookup prepared while it was small finds its row by the unique index again', async () => {
    await addInvoices(t, organisationId, 1, 10);
    // PostgreSQL plans the first five runs for their values, then keeps one generic plan.
    for (let i = 0; i < 8; i++) assert.ok(await findInvoice(t.db, organisationId, { foreignId: 'order-7' }));
    await addInvoices(t, organisationId, 11, 3000);
    // What the server did without maintenance: every lookup reads all of the organisation's invoices.
    assert.doesNotMatch(await lookupPlan(t, organisationId), /invoices_foreign_id_key/);

    const done = await maintainTables(t.db, { pauseMs: 0 });
    assert.ok(done.includes('invoices'), done.join(', '));
    assert.match(await lookupPlan(t, organisationId), /Index Scan using invoices_foreign_id_key/);
    assert.ok(await findInvoice(t.db, organisationId, { foreignId: 'order-7' }));
    const { rows } = await t.db.query<{ reltuples: number }>("SELECT reltuples FROM pg_class WHERE relname = 'invoices'");
    assert.equal(rows[0]!.reltuples, 3010);
  });

  it('vacuums each table that is due once, then finds none due until one grows by a tenth', async () => {
    await maintainTables(t.db, { pauseMs: 0 });
    assert.deepEqual(await maintainTables(t.db, { pauseMs: 0 }), []);
    await addInvoices(t, organisationId, 5001, 100);
    assert.deepEqual(await maintainTables(t.db, { pauseMs: 0 }), []);
    await addInvoices(t, organisationId, 6001, 1000);
    assert.deepEqual(await maintainTables(t.db, { pauseMs: 0 }), ['invoices']);
    const { rows } = await t.db.query<{ vacuumed: boolean }>(
      "SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL AS vacuumed FROM pg_stat_user_tables WHERE relname = 'invoices'",
    );
    assert.equal(rows[0]!.vacuumed, true);
  });

  it('stops between tables when asked', async () => {
    await t.db.exec("UPDATE pg_class SET reltuples = -1 WHERE relname IN ('invoices', 'offers')");
    const aborted = new AbortController();
    aborted.abort();
    assert.deepEqual(await maintainTables(t.db, { signal: aborted.signal }), []);
    assert.equal((await maintainTables(t.db, { pauseMs: 0 })).length, 2);
  });
});

describeEachEngine('the embedded maintenance worker', (ctx) => {
  it('runs its passes on the embedded engine only (PostgreSQL has autovacuum)', async () => {
    const t = ctx();
    const embedded = t.db.engine === 'pglite';
    if (embedded) await t.db.exec("UPDATE pg_class SET reltuples = -1 WHERE relname = 'webhook_endpoints'");
    const passes: string[][] = [];
    const worker = startEmbeddedMaintenance({ db: t.db }, { delayMs: 0, intervalMs: 60_000, onDone: (tables) => passes.push(tables) });
    try {
      for (let i = 0; i < (embedded ? 100 : 10) && passes.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await worker.stop();
    }
    if (embedded) assert.ok(passes[0]?.includes('webhook_endpoints'), JSON.stringify(passes));
    else assert.deepEqual(passes, []);
  });
});
