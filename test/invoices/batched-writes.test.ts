// Concurrent creates share one insert statement (invoices/create-batch.ts), concurrent cancels their read
// and their write (cancel-batch.ts): each still gets its own answer — written, its foreign id taken,
// changed meanwhile, or the database's refusal of it alone.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { failUnpaidInvoice } from '../../src/invoices/cancel-batch.js';
import { newEventId } from '../../src/platform/outbox.js';
import { writeInvoice } from '../../src/invoices/create-batch.js';
import { nextInvoiceIds } from '../../src/invoices/id-blocks.js';
import type { NewInvoice } from '../../src/invoices/repository.js';
import { describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { invoiceBody, merchantClient, type MerchantClient } from '../helpers/merchant.js';

const CONCURRENT = 40;
// A still clock: seconds_left is the same when the create answers and when info reads.
const clock = new ManualClock();

describeEachEngine(
  'concurrent invoice creates',
  (ctx) => {
    let client: MerchantClient;

    before(async () => {
      client = merchantClient(ctx().app, (await ctx().newOrganisation()).merchant);
      // Refuses one title, as a database may refuse a row (a constraint, a trigger of the operator's). Each
      // suite has a database of its own, so the trigger dies with it.
      await ctx().db.exec(`
      CREATE FUNCTION test_refuse_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.title = 'refused by the database' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER test_refuse_invoice BEFORE INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION test_refuse_invoice();`);
    });

    it(`${CONCURRENT} creates at once: each answer is its own and what invoices/info reads`, async () => {
      const ids = Array.from({ length: CONCURRENT }, (_, i) => `batch-${i}`);
      const answers = await Promise.all(
        ids.map((id, i) => client.post('/invoices/create', invoiceBody({ foreign_id: id, timer: i % 2 === 0 }))),
      );
      for (const answer of answers) assert.equal(answer.statusCode, 200, answer.body);
      const created = answers.map((a) => json(a).data);
      assert.deepEqual(
        created.map((d) => d.foreign_id),
        ids,
      );
      assert.equal(new Set(created.map((d) => d.id)).size, CONCURRENT, 'every create has its own id');
      for (const data of created.slice(0, 4)) {
        const info = json(await client.post('/invoices/info', { id: data.id })).data;
        assert.deepEqual(Object.fromEntries(Object.keys(data).map((key) => [key, info[key]])), data);
      }
      // The timer invoices got their expiry jobs, the others none.
      const { rows } = await ctx().db.query<{ foreign_id: string }>(
        'SELECT i.foreign_id FROM invoice_jobs j JOIN invoices i ON i.id = j.invoice_id WHERE i.foreign_id = ANY($1::text[]) ORDER BY i.foreign_id',
        [ids],
      );
      assert.deepEqual(
        rows.map((r) => r.foreign_id),
        ids.filter((_, i) => i % 2 === 0).sort(),
      );
    });

    it('one foreign id asked for by several creates at once, and one already taken: one wins, the others are told', async () => {
      const bodies = [
        ...Array.from({ length: 6 }, () => invoiceBody({ foreign_id: 'batch-contended' })),
        invoiceBody({ foreign_id: 'batch-0' }),
        ...Array.from({ length: 10 }, (_, i) => invoiceBody({ foreign_id: `batch-free-${i}` })),
      ];
      const answers = await Promise.all(bodies.map((body) => client.post('/invoices/create', body)));
      const contended = answers.slice(0, 6);
      assert.equal(contended.filter((a) => a.statusCode === 200).length, 1, contended.map((a) => a.body).join('\n'));
      for (const refused of [...contended.filter((a) => a.statusCode !== 200), answers[6]!]) {
        assert.equal(refused.statusCode, 400, refused.body);
        assert.deepEqual(json(refused).errors, { foreign_id: 'The foreign id has already been taken.' });
      }
      for (const answer of answers.slice(7)) assert.equal(answer.statusCode, 200, answer.body);
      const { rows } = await ctx().db.query<{ n: number }>("SELECT count(*)::int AS n FROM invoices WHERE foreign_id = 'batch-contended'");
      assert.equal(rows[0]!.n, 1);
    });

    it('a create the database refuses fails alone: the creates written beside it stay written', async () => {
      const bodies = Array.from({ length: 12 }, (_, i) =>
        invoiceBody({ foreign_id: `batch-beside-${i}`, title: i === 5 ? 'refused by the database' : 'Order 42' }),
      );
      const answers = await Promise.all(bodies.map((body) => client.post('/invoices/create', body)));
      assert.equal(answers[5]!.statusCode, 500, answers[5]!.body);
      for (const [i, answer] of answers.entries()) if (i !== 5) assert.equal(answer.statusCode, 200, answer.body);
      const { rows } = await ctx().db.query<{ foreign_id: string }>(
        "SELECT foreign_id FROM invoices WHERE foreign_id LIKE 'batch-beside-%'",
      );
      assert.equal(rows.length, 11);
      assert.ok(!rows.some((r) => r.foreign_id === 'batch-beside-5'));
    });

    it('cancels at once, three of them for one invoice: each other invoice fails once, that one once, with one callback', async () => {
      const ids = Array.from({ length: 20 }, (_, i) => `batch-${i}`);
      const answers = await Promise.all(
        [...ids, 'batch-20', 'batch-20', 'batch-20'].map((id) => client.post(`/invoices/${id}/cancel/`, {})),
      );
      for (const answer of answers.slice(0, 20)) assert.equal(answer.statusCode, 200, answer.body);
      const same = answers.slice(20);
      assert.equal(same.filter((a) => a.statusCode === 200).length, 1, same.map((a) => a.body).join('\n'));
      for (const refused of same.filter((a) => a.statusCode !== 200)) assert.equal(json(refused).code, 'invalid_invoice_state');
      for (const id of [...ids, 'batch-20']) {
        const info = json(await client.post('/invoices/info', { foreign_id: id })).data;
        assert.deepEqual([info.status, info.error], ['failed', 'Invoice cancelled by the merchant.'], id);
      }
      const { rows } = await ctx().db.query<{ foreign_id: string; n: number }>(
        `SELECT payload->>'foreign_id' AS foreign_id, count(*)::int AS n FROM outbox
          WHERE payload->>'foreign_id' = ANY($1::text[]) AND payload->>'status' = 'failed' GROUP BY 1 ORDER BY 1`,
        [[...ids, 'batch-20']],
      );
      assert.deepEqual(
        rows,
        [...ids, 'batch-20'].sort().map((foreign_id) => ({ foreign_id, n: 1 })),
      );
      const { rows: timers } = await ctx().db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM invoice_jobs j JOIN invoices i ON i.id = j.invoice_id WHERE i.foreign_id = ANY($1::text[])',
        [[...ids, 'batch-20']],
      );
      assert.equal(timers[0]!.n, 0, 'their timers dropped');
    });
  },
  { clock },
);

// The batch itself: creates handed over in one tick leave as one batch (platform/coalesce.ts), whatever
// the engine's timing, so what a batch does with each of them is checked here directly.
describeEachEngine('one batch of invoice writes', (ctx) => {
  let organisationId: string;
  const newInvoice = (foreignId: string, title = 'Order 42'): NewInvoice => {
    const now = new Date();
    return {
      organisation_id: organisationId,
      foreign_id: foreignId,
      slug_hash: Buffer.from(foreignId.padEnd(32, '.')),
      slug_encrypted: 'not read here',
      type: 'fill_or_kill',
      timer: true,
      title,
      description: null,
      currency: 'EUR',
      amount: 10_675_000_000n,
      sender_currency: null,
      sender_amount: null,
      address_id: null,
      address: null,
      status: 'created',
      end_user_reference: null,
      url_success: 'https://shop.example.com/ok',
      url_failed: 'https://shop.example.com/failed',
      email_user: null,
      sender_type: 'legal',
      sender_data: { company_name: 'Acme "Ltd"', note: 'a\\b' },
      fixed_at: now,
      release_at: new Date(now.getTime() + 900_000),
      expires_at: new Date(now.getTime() + 900_000),
      created_at: now,
      live: false,
    };
  };
  const writeAll = async (rows: NewInvoice[]) => {
    const ids: bigint[] = [];
    for (const _ of rows) ids.push((await nextInvoiceIds(ctx().db)).id);
    // All handed over in one tick: one batch.
    return Promise.allSettled(rows.map((row, i) => writeInvoice(ctx().db, row, ids[i]!)));
  };

  before(async () => {
    organisationId = (await ctx().newOrganisation()).organisation.id;
    await ctx().db.exec(`
      CREATE TABLE test_invoice_writes (n int NOT NULL);
      INSERT INTO test_invoice_writes VALUES (0);
      CREATE FUNCTION test_count_invoice_writes() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN UPDATE test_invoice_writes SET n = n + 1; RETURN NULL; END $$;
      CREATE TRIGGER test_count_invoice_writes AFTER INSERT ON invoices FOR EACH STATEMENT EXECUTE FUNCTION test_count_invoice_writes();`);
  });

  const statements = async () => (await ctx().db.query<{ n: number }>('SELECT n FROM test_invoice_writes')).rows[0]!.n;

  it('twelve creates, two of them with one foreign id: one statement; each stored as written, the second duplicate told', async () => {
    const before = await statements();
    const rows = Array.from({ length: 12 }, (_, i) => newInvoice(i === 11 ? 'one-0' : `one-${i}`));
    const results = await writeAll(rows);
    assert.equal((await statements()) - before, 1);
    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason));
    assert.equal(values[11], null, 'the foreign id an earlier create of the batch took');
    for (const [i, value] of values.slice(0, 11).entries()) {
      assert.equal(value?.foreign_id, `one-${i}`);
      const { rows: stored } = await ctx().db.query<Record<string, unknown>>(
        "SELECT foreign_id, encode(slug_hash, 'hex') AS slug_hash, amount, sender_data, expires_at, created_at, updated_at, error FROM invoices WHERE id = $1",
        [value.id],
      );
      assert.deepEqual(stored[0], {
        foreign_id: `one-${i}`,
        slug_hash: rows[i]!.slug_hash.toString('hex'),
        amount: 10_675_000_000n,
        sender_data: { company_name: 'Acme "Ltd"', note: 'a\\b' },
        expires_at: rows[i]!.expires_at,
        created_at: rows[i]!.created_at,
        updated_at: rows[i]!.created_at,
        error: null,
      });
    }
  });

  it('a batch the database refuses is written one by one: only the refused create fails', async () => {
    await ctx().db.exec(`
      CREATE FUNCTION test_refuse_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.title = 'refused' THEN RAISE EXCEPTION 'refused by a trigger'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER test_refuse_write BEFORE INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION test_refuse_write();`);
    try {
      const results = await writeAll(Array.from({ length: 8 }, (_, i) => newInvoice(`alone-${i}`, i === 3 ? 'refused' : 'Order 42')));
      assert.equal(results[3]!.status, 'rejected');
      assert.match(String((results[3] as PromiseRejectedResult).reason), /refused by a trigger/);
      for (const [i, r] of results.entries()) if (i !== 3) assert.equal(r.status === 'fulfilled' && r.value?.foreign_id, `alone-${i}`);
      const { rows } = await ctx().db.query<{ n: number }>("SELECT count(*)::int AS n FROM invoices WHERE foreign_id LIKE 'alone-%'");
      assert.equal(rows[0]!.n, 7);
    } finally {
      await ctx().db.exec('DROP TRIGGER test_refuse_write ON invoices; DROP FUNCTION test_refuse_write();');
    }
  });
});

describeEachEngine('one batch of cancels', (ctx) => {
  let client: MerchantClient;
  let organisationId: string;

  before(async () => {
    const organisation = await ctx().newOrganisation();
    organisationId = organisation.organisation.id;
    client = merchantClient(ctx().app, organisation.merchant);
    for (const id of ['c-1', 'c-2', 'c-3']) await client.post('/invoices/create', invoiceBody({ foreign_id: id, timer: true }));
  });

  const cancel = (foreignId: string, organisation = organisationId) =>
    failUnpaidInvoice(ctx().db, {
      organisationId: organisation,
      foreignId,
      error: 'Invoice cancelled by the merchant.',
      eventId: newEventId(),
      now: new Date(),
    });

  it("one statement: each open invoice failed once with one callback; twice named, another organisation's, unknown or final not at all", async () => {
    assert.equal((await client.post('/invoices/c-3/cancel/', {})).statusCode, 200);
    const other = (await ctx().newOrganisation()).organisation.id;
    const timers = await ctx().db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM invoice_jobs j JOIN invoices i ON i.id = j.invoice_id WHERE i.organisation_id = $1',
      [organisationId],
    );
    assert.equal(timers.rows[0]!.n, 2, 'the open invoices have their timers');
    const written = await Promise.all([
      cancel('c-1'),
      cancel('c-1'),
      cancel('c-2', other),
      cancel('no-such-invoice'),
      cancel('c-3'),
      cancel('c-2'),
    ]);
    assert.deepEqual(written, [true, false, false, false, false, true]);
    const { rows } = await ctx().db.query<{ foreign_id: string; status: string; callbacks: number; timers: number }>(
      `SELECT i.foreign_id, i.status,
              (SELECT count(*)::int FROM outbox o WHERE o.payload->>'foreign_id' = i.foreign_id) AS callbacks,
              (SELECT count(*)::int FROM invoice_jobs j WHERE j.invoice_id = i.id) AS timers
         FROM invoices i WHERE i.organisation_id = $1 ORDER BY i.foreign_id`,
      [organisationId],
    );
    assert.deepEqual(rows, [
      { foreign_id: 'c-1', status: 'failed', callbacks: 1, timers: 0 },
      { foreign_id: 'c-2', status: 'failed', callbacks: 1, timers: 0 },
      { foreign_id: 'c-3', status: 'failed', callbacks: 1, timers: 0 },
    ]);
  });
});
