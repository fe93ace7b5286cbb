// The embedded database on its own thread (src/db/pglite-thread.ts): what the server opens by default.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/database.js';
import { openPGliteThread } from '../../src/db/pglite-thread.js';
import { preparedDataDir, tempDataDir } from '../helpers/process.js';

describe('the embedded database thread', () => {
  let db: Database;
  before(async () => {
    db = await openPGliteThread({ dataDir: path.join(await preparedDataDir(), 'pgdata'), optimizeWasm: false });
    await db.exec('CREATE TABLE thread_test (id int PRIMARY KEY, label text NOT NULL)');
  });
  after(() => db.close());

  it('returns values as PGlite gives them in-process: dates, int8 as bigint, numeric as text, bytes, JSON, arrays, null', async () => {
    const { rows } = await db.query(
      `SELECT timestamptz '2026-12-02 10:00:00+00' AS at, 9007199254740993::int8 AS big, 12.50::numeric AS amount,
              '\\x00ff'::bytea AS bytes, '{"a":[1,true]}'::jsonb AS doc, ARRAY['x','y'] AS list, NULL::text AS nothing, $1::text AS echoed`,
      ['é'],
    );
    assert.deepEqual(rows[0], {
      at: new Date('2026-12-02T10:00:00Z'),
      big: 9007199254740993n,
      amount: '12.50',
      bytes: new Uint8Array([0, 255]),
      doc: { a: [1, true] },
      list: ['x', 'y'],
      nothing: null,
      echoed: 'é',
    });
  });

  it('runs prepared statements, and reports a statement error with its SQLSTATE and constraint, then goes on', async () => {
    const insert = 'INSERT INTO thread_test (id, label) VALUES ($1, $2) RETURNING id';
    assert.deepEqual((await db.query(insert, [1, 'one'], { prepare: true })).rows, [{ id: 1 }]);
    const failure = await db.query(insert, [1, 'again'], { prepare: true }).then(
      () => assert.fail('a duplicate key must fail'),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof Error);
    assert.match(failure.message, /duplicate key/);
    assert.equal((failure as Error & { code?: string }).code, '23505');
    assert.equal((failure as Error & { constraint?: string }).constraint, 'thread_test_pkey');
    assert.deepEqual((await db.query('SELECT label FROM thread_test WHERE id = 1')).rows, [{ label: 'one' }]);
  });

  it('commits a transaction whose body resolves, and rolls back one whose body throws, rethrowing its own error', async () => {
    const id = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO thread_test (id, label) VALUES (2, $1)', ['two']);
      return (await tx.query<{ id: number }>('SELECT id FROM thread_test WHERE id = 2')).rows[0]!.id;
    });
    assert.equal(id, 2);
    const own = new Error('the body failed');
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO thread_test (id, label) VALUES (3, $1)', ['three']);
        throw own;
      }),
      (error) => error === own,
    );
    const { rows } = await db.query<{ id: number }>('SELECT id FROM thread_test ORDER BY id');
    assert.deepEqual(
      rows.map((r) => r.id),
      [1, 2],
    );
  });

  it('rejects a transaction whose commit fails with the database error, and keeps nothing of it', async () => {
    await db.exec('CREATE TABLE thread_deferred (n int UNIQUE DEFERRABLE INITIALLY DEFERRED)');
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO thread_deferred (n) VALUES (1), (1)');
      }),
      (error: Error & { code?: string }) => error.code === '23505',
    );
    assert.deepEqual((await db.query('SELECT count(*)::int AS n FROM thread_deferred')).rows, [{ n: 0 }]);
  });

  it('refuses a parameter that cannot be copied to the thread, and goes on', async () => {
    await assert.rejects(db.query('SELECT $1::text AS v', [() => 1]), /could not be cloned/);
    assert.deepEqual((await db.query('SELECT $1::text AS v', ['ok'])).rows, [{ v: 'ok' }]);
  });

  it('lets a statement outside an open transaction wait for its end, then see what it committed', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.query('INSERT INTO thread_test (id, label) VALUES (4, $1)', ['four']);
      await held;
    });
    await new Promise((r) => setTimeout(r, 50));
    const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM thread_test WHERE id = 4');
    let answered = false;
    void outside.then(() => (answered = true));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(answered, false, 'the outer statement waits while the transaction is open');
    release();
    await transaction;
    assert.deepEqual((await outside).rows, [{ n: 1 }]);
  });

  it("keeps the server's event loop free while a statement runs", async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    try {
      await db.query('SELECT pg_sleep(0.5)');
    } finally {
      clearInterval(timer);
    }
    assert.ok(ticks >= 10, `timers ran during the statement (${ticks} ticks of 20 ms in 500 ms)`);
  });
});

describe('the embedded database thread, opened and closed', () => {
  it('answers every statement after close with an error that says so, and closes twice quietly', async () => {
    const db = await openPGliteThread({ dataDir: path.join(await preparedDataDir(), 'pgdata'), optimizeWasm: false });
    await db.close();
    await db.close();
    await assert.rejects(db.query('SELECT 1'), /embedded database is closed/);
  });

  it('fails to open with the reason when the data directory cannot be used', async () => {
    const file = path.join(tempDataDir(), 'not-a-directory');
    fs.writeFileSync(file, 'x');
    await assert.rejects(openPGliteThread({ dataDir: file, optimizeWasm: false }), (error: Error) => error.message.length > 0);
  });
});
