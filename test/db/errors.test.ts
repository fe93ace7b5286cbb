// db/errors.ts: which failures are the database's own (a batch is then not run again row by row),
// told from errors the engines and the driver really raise.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { isDatabaseUnavailable, mayBeOneRowsFault } from '../../src/db/errors.js';
import { engines, freshDatabase, type TestDatabase } from '../helpers/db.js';

const failureOf = async (run: () => Promise<unknown>): Promise<unknown> => {
  try {
    await run();
  } catch (error) {
    return error;
  }
  assert.fail('expected a failure');
};

for (const engine of engines) {
  describe(`failures a statement's values cause are not the database's [${engine}]`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await freshDatabase(engine, { migrated: false });
      await t.db.query('CREATE TABLE t (k text PRIMARY KEY)');
      await t.db.query("INSERT INTO t VALUES ('taken')");
    });
    after(() => t.close());

    it('a unique violation, a malformed value, a trigger raising, a syntax error', async () => {
      const failures = [
        await failureOf(() => t.db.query("INSERT INTO t VALUES ('taken')")),
        await failureOf(() => t.db.query("SELECT 'x'::int")),
        await failureOf(() => t.db.query("DO $$ BEGIN RAISE EXCEPTION 'refused'; END $$")),
        await failureOf(() => t.db.query('SELEC 1')),
      ];
      assert.deepEqual(
        failures.map((f) => (f as { code?: string }).code),
        ['23505', '22P02', 'P0001', '42601'],
      );
      for (const failure of failures) {
        assert.equal(isDatabaseUnavailable(failure), false);
        assert.equal(mayBeOneRowsFault(failure), true);
      }
    });
  });
}

describe("the database's own failures", () => {
  it('a refused connection', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const client = new pg.Client({ host: '127.0.0.1', port: closed, user: 'nobody', database: 'none' });
    const failure = await failureOf(() => client.connect());
    assert.equal((failure as { code?: string }).code, 'ECONNREFUSED');
    assert.equal(isDatabaseUnavailable(failure), true);
    assert.equal(mayBeOneRowsFault(failure), false);
  });

  it('SQLSTATE classes 08, 53, 57, 58 and XX, and nothing without a code', () => {
    for (const code of ['08006', '53300', '57P01', '57014', '58030', 'XX000']) assert.equal(isDatabaseUnavailable({ code }), true, code);
    for (const failure of [new Error('no code'), { code: 42 }, { code: '23505' }, null, undefined, 'text']) {
      assert.equal(isDatabaseUnavailable(failure), false, String(failure));
    }
  });

  it('a connection the server terminates [postgres]', { skip: !engines.includes('postgres') && 'needs TEST_DATABASE_URL' }, async () => {
    const victim = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    const killer = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    victim.on('error', () => {});
    await victim.connect();
    await killer.connect();
    try {
      const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const running = failureOf(() => victim.query('SELECT pg_sleep(10)'));
      // Terminate it while its statement runs, so the server, not the socket, tells it why.
      const active = "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE '%pg_sleep%'";
      while ((await killer.query(active, [rows[0]!.pid])).rowCount === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await killer.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      const failure = await running;
      assert.equal((failure as { code?: string }).code, '57P01');
      assert.equal(isDatabaseUnavailable(failure), true);
    } finally {
      await killer.end();
      await victim.end().catch(() => {});
    }
  });
});
