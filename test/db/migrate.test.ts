import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { openPostgres } from '../../src/db/postgres.js';
import { routines } from '../../src/db/routines.js';
import type { Queryable } from '../../src/db/database.js';
import { OFFER_LIST_JSON } from '../../src/offers/list-json-trigger.js';
import { createPostgresDatabase, engines, freshDatabase } from '../helpers/db.js';

/** The function the offers' list JSON trigger calls. */
async function triggerCalls(db: Queryable): Promise<string | undefined> {
  const { rows } = await db.query<{ proname: string }>(
    "SELECT p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = 'offers'::regclass AND t.tgname = 'offers_list_json'",
  );
  return rows[0]?.proname;
}

for (const engine of engines) {
  describe(`migrations [${engine}]`, () => {
    it('apply every migration once, record it, and are a no-op the second time', async () => {
      const t = await freshDatabase(engine, { migrated: false });
      try {
        const first = await migrate(t.db);
        assert.equal(first.applied.length, migrations.length);
        const second = await migrate(t.db);
        assert.deepEqual(second.applied, []);
        const { rows } = await t.db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        assert.deepEqual(
          rows.map((r) => r.version),
          migrations.map((m) => m.version).sort((a, b) => a - b),
        );
      } finally {
        await t.close();
      }
    });

    it('create the functions derived from the code when missing, and leave other versions alone', async () => {
      const t = await freshDatabase(engine);
      const names = routines.map((r) => r.name);
      const present = async () => {
        const { rows } = await t.db.query<{ proname: string }>(
          "SELECT proname FROM pg_proc WHERE proname = ANY($1::text[]) OR proname = 'offer_list_page_0000000000000000' ORDER BY 1",
          [names],
        );
        return rows.map((r) => r.proname);
      };
      try {
        assert.deepEqual(await present(), [...names].sort());
        // A previous release's version (another hash) stays for the replicas that still call it.
        await t.db.exec(`CREATE FUNCTION offer_list_page_0000000000000000() RETURNS int LANGUAGE sql AS 'SELECT 1'`);
        // CASCADE: the offers' list JSON trigger goes with its function, and comes back with it.
        for (const name of names) await t.db.exec(`DROP FUNCTION ${name} CASCADE`);
        assert.deepEqual((await migrate(t.db)).applied, []);
        assert.deepEqual(await present(), [...names, 'offer_list_page_0000000000000000'].sort());
        assert.equal(await triggerCalls(t.db), OFFER_LIST_JSON);
      } finally {
        await t.close();
      }
    });

    it('point the list JSON trigger back at this version when another version took it', async () => {
      const t = await freshDatabase(engine);
      try {
        assert.equal(await triggerCalls(t.db), OFFER_LIST_JSON);
        // As a replica of another release leaves it when it starts last.
        await t.db.exec(`CREATE FUNCTION offer_list_json_0000000000000000() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
          DROP TRIGGER offers_list_json ON offers;
          CREATE TRIGGER offers_list_json BEFORE INSERT OR UPDATE ON offers FOR EACH ROW EXECUTE FUNCTION offer_list_json_0000000000000000();`);
        assert.equal(await triggerCalls(t.db), 'offer_list_json_0000000000000000');
        await migrate(t.db);
        assert.equal(await triggerCalls(t.db), OFFER_LIST_JSON);
        const { rows } = await t.db.query("SELECT 1 FROM pg_proc WHERE proname = 'offer_list_json_0000000000000000'");
        assert.equal(rows.length, 1);
      } finally {
        await t.close();
      }
    });

    it('roll a failing migration back completely and report which one failed', async () => {
      const t = await freshDatabase(engine);
      try {
        const broken = { version: 9999, name: 'broken', sql: 'CREATE TABLE half_done (id int); SELECT no_such_function();' };
        await assert.rejects(migrate(t.db, [...migrations, broken]), /migration 9999 \(broken\) failed/);
        const { rows } = await t.db.query("SELECT to_regclass('half_done') AS t");
        assert.equal(rows[0]!.t, null);
        const recorded = await t.db.query('SELECT 1 FROM schema_migrations WHERE version = 9999');
        assert.equal(recorded.rows.length, 0);
      } finally {
        await t.close();
      }
    });
  });
}

if (engines.includes('postgres')) {
  describe('migrations [postgres, concurrent]', () => {
    it('two migrators starting at once apply each migration exactly once', async () => {
      const created = await createPostgresDatabase();
      const [a, b] = [await openPostgres(created.url), await openPostgres(created.url)];
      try {
        const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
        assert.equal(ra.applied.length + rb.applied.length, migrations.length);
        const { rows } = await a.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
        assert.equal(rows[0]!.n, migrations.length);
      } finally {
        await a.close();
        await b.close();
        await created.drop();
      }
    });
  });
}
