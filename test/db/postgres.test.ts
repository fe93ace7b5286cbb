// src/db/postgres.ts: named prepared statements behind `{ prepare: true }`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statementName } from '../../src/db/postgres.js';
import { engines, freshDatabase } from '../helpers/db.js';

describe('statementName', () => {
  it('names one text the same way every time, and different texts differently', () => {
    assert.equal(statementName('SELECT 1 AS a'), statementName('SELECT 1 AS a'));
    assert.notEqual(statementName('SELECT 1 AS a'), statementName('SELECT 2 AS a'));
  });
});

for (const engine of engines) {
  describe(`prepared statements [${engine}]`, () => {
    it('give the same results as unnamed ones, also run again and with other values', async () => {
      const t = await freshDatabase(engine, { migrated: false });
      try {
        const sql = 'SELECT $1::int + 1 AS n, $2::text AS s, now() AS at';
        for (const [n, s] of [
          [1, 'a'],
          [2, 'b'],
          [3, null],
        ] as const) {
          const prepared = await t.db.query<{ n: number; s: string | null; at: Date }>(sql, [n, s], { prepare: true });
          const plain = await t.db.query<{ n: number; s: string | null; at: Date }>(sql, [n, s]);
          assert.deepEqual({ ...prepared.rows[0], at: null }, { ...plain.rows[0], at: null });
          assert.ok(prepared.rows[0]!.at instanceof Date);
        }
        await t.db.transaction(async (tx) => {
          assert.equal((await tx.query<{ n: number }>(sql, [41, 'x'], { prepare: true })).rows[0]!.n, 42);
        });
      } finally {
        await t.close();
      }
    });

    if (engine === 'postgres') {
      it('are named statements on the connection', async () => {
        const t = await freshDatabase(engine, { migrated: false });
        try {
          const sql = 'SELECT $1::int AS n /* prepared-statement test */';
          await t.db.session(async (conn) => {
            await conn.query(sql, [1], { prepare: true });
            const { rows } = await conn.query<{ name: string; statement: string }>('SELECT name, statement FROM pg_prepared_statements');
            assert.deepEqual(
              rows.map((r) => [r.name, r.statement]),
              [[statementName(sql), sql]],
            );
          });
        } finally {
          await t.close();
        }
      });

      it('survive a schema change that alters their result type (run unnamed from then on)', async () => {
        const t = await freshDatabase(engine, { migrated: false });
        try {
          await t.db.exec('CREATE TABLE widgets (id int PRIMARY KEY); INSERT INTO widgets VALUES (1)');
          const sql = 'SELECT * FROM widgets WHERE id = $1';
          await t.db.session(async (conn) => {
            assert.deepEqual((await conn.query(sql, [1], { prepare: true })).rows, [{ id: 1 }]);
            await conn.exec("ALTER TABLE widgets ADD COLUMN label text DEFAULT 'w'");
            assert.deepEqual((await conn.query(sql, [1], { prepare: true })).rows, [{ id: 1, label: 'w' }]);
            assert.deepEqual((await conn.query(sql, [1], { prepare: true })).rows, [{ id: 1, label: 'w' }]);
          });
          assert.equal(statementName(sql), undefined);
        } finally {
          await t.close();
        }
      });
    }
  });
}
