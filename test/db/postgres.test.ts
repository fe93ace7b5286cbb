// src/db/postgres.ts: the timestamptz parser and named prepared statements behind `{ prepare: true }`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { parseTimestamptz, statementName } from '../../src/db/postgres.js';
import { engines, freshDatabase } from '../helpers/db.js';

const pgParser = pg.types.getTypeParser(1184, 'text');
const same = (s: string) => assert.equal(String(parseTimestamptz(s)), String(pgParser(s)), s);

describe('parseTimestamptz', () => {
  it('gives the same millisecond as pg for every fraction of up to six digits', () => {
    for (let len = 1; len <= 6; len++) {
      for (let v = 0; v < 10 ** len; v += len === 6 ? 7 : 1) {
        const s = `2026-11-23 12:34:56.${String(v).padStart(len, '0')}+00`;
        assert.equal(parseTimestamptz(s).getTime(), (pgParser(s) as Date).getTime(), s);
      }
    }
  });

  it('handles offsets with minutes and seconds, and every month and day', () => {
    for (const zone of ['+00', '-05', '+05:30', '-03:30', '+14', '-12', '+05:30:15', '-00:00:01']) {
      for (const date of ['1000-01-01', '1970-01-01', '2024-02-29', '2026-12-31', '9999-12-31']) same(`${date} 23:59:59.999999${zone}`);
      same(`2026-06-15 00:00:00${zone}`);
    }
  });

  it('leaves every other form to pg (infinity, BC, years outside 1000–9999, malformed)', () => {
    for (const s of ['infinity', '-infinity', '0099-01-01 00:00:00+00', '0999-01-01 00:00:00+00', '2020-01-01 00:00:00+00 BC', '12020-01-01 00:00:00+00', '2020-01-01 00:00:00.+00', '2020-01-01T00:00:00+00', '2020-01-01 00:00:00Z']) {
      same(s);
    }
  });
});

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
        for (const [n, s] of [[1, 'a'], [2, 'b'], [3, null]] as const) {
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
            assert.deepEqual(rows.map((r) => [r.name, r.statement]), [[statementName(sql), sql]]);
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
