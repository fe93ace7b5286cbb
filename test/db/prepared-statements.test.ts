// Named prepared statements behind `{ prepare: true }` on both engines: src/db/postgres.ts, src/db/pglite-statements.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statementName } from '../../src/db/statement-names.js';
import type { Database, Engine } from '../../src/db/database.js';
import { engines, freshDatabase } from '../helpers/db.js';

/** Runs `fn` on a fresh database of `engine` without the project's schema, closed afterwards. */
async function onBareDatabase(engine: Engine, fn: (db: Database) => Promise<void>): Promise<void> {
  const t = await freshDatabase(engine, { migrated: false });
  try {
    await fn(t.db);
  } finally {
    await t.close();
  }
}

describe('statementName', () => {
  it('names one text the same way every time, and different texts differently', () => {
    assert.equal(statementName('SELECT 1 AS a'), statementName('SELECT 1 AS a'));
    assert.notEqual(statementName('SELECT 1 AS a'), statementName('SELECT 2 AS a'));
  });
});

for (const engine of engines) {
  describe(`prepared statements [${engine}]`, () => {
    it('give the same results as unnamed ones, also run again and with other values', () =>
      onBareDatabase(engine, async (db) => {
        const sql = 'SELECT $1::int + 1 AS n, $2::text AS s, now() AS at';
        for (const [n, s] of [
          [1, 'a'],
          [2, 'b'],
          [3, null],
        ] as const) {
          const prepared = await db.query<{ n: number; s: string | null; at: Date }>(sql, [n, s], { prepare: true });
          const plain = await db.query<{ n: number; s: string | null; at: Date }>(sql, [n, s]);
          assert.deepEqual({ ...prepared.rows[0], at: null }, { ...plain.rows[0], at: null });
          assert.ok(prepared.rows[0]!.at instanceof Date);
        }
        await db.transaction(async (tx) => {
          assert.equal((await tx.query<{ n: number }>(sql, [41, 'x'], { prepare: true })).rows[0]!.n, 42);
        });
      }));

    it('are named statements of the connection', () =>
      onBareDatabase(engine, async (db) => {
        const sql = `SELECT $1::int AS n /* prepared-statement test, ${engine} */`;
        await db.session(async (conn) => {
          await conn.query(sql, [1], { prepare: true });
          const { rows } = await conn.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements');
          assert.deepEqual(
            rows.map((r) => [r.name, r.statement]),
            [[statementName(sql), sql]],
          );
        });
      }));

    it('bind every parameter type the code sends as an unnamed statement would', () =>
      onBareDatabase(engine, async (db) => {
        const sql = `SELECT $1::bytea AS b, $2::jsonb AS j, $3::text[] AS a, $4::int8 AS big, $5::timestamptz AS at, $6::bool AS yes,
        $7::numeric AS num, $8::uuid AS id /* ${engine} */`;
        const params = [
          Buffer.from([0, 1, 254]),
          JSON.stringify({ k: ['v', 1] }),
          ['x', 'y,z', null],
          9007199254740993n,
          new Date('2026-11-30T12:00:00.123Z'),
          true,
          '12.50',
          '0192f1c4-0000-7000-8000-000000000001',
        ];
        const prepared = await db.query(sql, params, { prepare: true });
        const plain = await db.query(sql, params);
        assert.deepEqual(prepared.rows, plain.rows);
        assert.deepEqual(prepared.rows[0]!.j, { k: ['v', 1] });
        assert.equal(prepared.rows[0]!.big, 9007199254740993n);
        assert.deepEqual(prepared.rows[0]!.a, ['x', 'y,z', null]);
      }));

    it('report a failed statement with its SQLSTATE and leave the connection usable; in a transaction, roll it back', () =>
      onBareDatabase(engine, async (db) => {
        await db.exec('CREATE TABLE gadgets (id int PRIMARY KEY)');
        const insert = `INSERT INTO gadgets (id) VALUES ($1) /* ${engine} */`;
        assert.equal((await db.query(insert, [1], { prepare: true })).rowCount, 1);
        await assert.rejects(db.query(insert, [1], { prepare: true }), { code: '23505' });
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.query(insert, [2], { prepare: true });
            await tx.query(insert, [2], { prepare: true });
          }),
          { code: '23505' },
        );
        assert.equal((await db.query(insert, [3], { prepare: true })).rowCount, 1);
        const { rows } = await db.query<{ id: number }>('SELECT id FROM gadgets ORDER BY id');
        assert.deepEqual(
          rows.map((r) => r.id),
          [1, 3],
        );
      }));

    it('give their connection back to the pool whether they succeed or fail, three times as many as it holds', { timeout: 60_000 }, () =>
      onBareDatabase(engine, async (db) => {
        const sql = `SELECT 10 / $1::int AS n /* pool test, ${engine} */`;
        // The pool holds 10 connections: one kept by a statement would stall the later ones and time out.
        for (let round = 0; round < 3; round++) {
          const answers = await Promise.allSettled(
            Array.from({ length: 20 }, (_, i) => db.query<{ n: number }>(sql, [i % 2], { prepare: true })),
          );
          assert.deepEqual(
            answers.map((a) => (a.status === 'fulfilled' ? a.value.rows[0]!.n : (a.reason as { code: string }).code)),
            Array.from({ length: 20 }, (_, i) => (i % 2 === 1 ? 10 : '22012')),
          );
        }
        for (let i = 0; i < 30; i++) {
          await assert.rejects(
            db.transaction((tx) => tx.query(sql, [0], { prepare: true })),
            { code: '22012' },
          );
        }
        assert.equal((await db.query<{ n: number }>(sql, [5], { prepare: true })).rows[0]!.n, 2);
      }),
    );

    if (engine === 'postgres') {
      it("report a failure with a stack that leads back to the statement's caller", () =>
        onBareDatabase(engine, async (db) => {
          async function callerOfTheStatement() {
            const { rows } = await db.query('SELECT 1 / $1::int AS n /* stack test */', [0], { prepare: true });
            return rows;
          }
          const error: Error = await callerOfTheStatement().then(
            () => assert.fail('division by zero was accepted'),
            (e: Error) => e,
          );
          assert.match(error.stack ?? '', /callerOfTheStatement/);
        }));
    }

    it('outside a transaction wait for an open one to end instead of joining it', () =>
      onBareDatabase(engine, async (db) => {
        await db.exec('CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL); INSERT INTO counters VALUES (1, 0)');
        const read = `SELECT n FROM counters WHERE id = $1 /* ${engine} */`;
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        const tx = db.transaction(async (q) => {
          await q.query('UPDATE counters SET n = 1 WHERE id = 1');
          await held;
          throw new Error('rolled back');
        });
        await new Promise((resolve) => setTimeout(resolve, 20));
        const outside = db.query<{ n: number }>(read, [1], { prepare: true });
        release();
        await assert.rejects(tx, /rolled back/);
        assert.equal((await outside).rows[0]!.n, 0);
      }));

    it('survive a schema change that alters their result type (run unnamed from then on)', () =>
      onBareDatabase(engine, async (db) => {
        await db.exec('CREATE TABLE widgets (id int PRIMARY KEY); INSERT INTO widgets VALUES (1)');
        const sql = `SELECT * FROM widgets WHERE id = $1 /* ${engine} */`;
        await db.session(async (conn) => {
          assert.deepEqual((await conn.query(sql, [1], { prepare: true })).rows, [{ id: 1 }]);
          await conn.exec("ALTER TABLE widgets ADD COLUMN label text DEFAULT 'w'");
          assert.deepEqual((await conn.query(sql, [1], { prepare: true })).rows, [{ id: 1, label: 'w' }]);
          assert.deepEqual((await conn.query(sql, [1], { prepare: true })).rows, [{ id: 1, label: 'w' }]);
        });
        assert.equal(statementName(sql), undefined);
      }));
  });
}
