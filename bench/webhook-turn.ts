import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Queryable } from '../src/db/database.js';
import { openPostgres } from '../src/db/postgres.js';
import { enqueue } from '../src/platform/outbox.js';
import { claimTurn } from '../src/webhooks/claim-turn.js';
import {
  claimDueSql,
  FINISH_UPDATE,
  finishCtes,
  recordsJson,
  type AttemptRecord,
  type ClaimedRow,
} from '../src/webhooks/delivery-claims-repository.js';
import { dispatchOutbox } from '../src/webhooks/dispatcher.js';
import { attemptOf, createWebhook, createWebhookTestApp, turnAt } from '../test/webhooks/helpers.js';

const { values: args } = parseArgs({
  options: { backlog: { type: 'string', default: '6000' }, rounds: { type: 'string', default: '3' } },
});
if (!process.env.TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL must name a PostgreSQL database on this host');

const t = await createWebhookTestApp('postgres');
const one = await openPostgres(t.testDb.url!, { max: 1 });
try {
  const organisations: string[] = [];
  for (let i = 0; i < 10; i++) {
    const org = await t.newOrganisation();
    // Nothing is sent: the address only has to be valid.
    await createWebhook(t, org.apiToken, { url: `http://127.0.0.1:9/turn-${i}`, events: ['*'] });
    organisations.push(org.organisation.id);
  }
  const { rows } = await one.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const ticks = () => {
    const fields = fs.readFileSync(`/proc/${rows[0]!.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  const fill = async (events: number) => {
    await t.deps.db.transaction(async (tx) => {
      for (let n = 0; n < events; n++)
        await enqueue(tx, { organisationId: organisations[n % 10]!, topic: 'offer.updated', payload: { data: { n } } });
    });
    while ((await dispatchOutbox(t.deps, 500)) > 0);
  };
  const delivered = (row: ClaimedRow) => attemptOf(row, new Date());
  const turnOf = (records: AttemptRecord[]) => turnAt(new Date(), records, 8, 64);
  const oneStatement = async (records: AttemptRecord[]) => (await claimTurn(one, turnOf(records))).claimed;
  const fiveStatements = (records: AttemptRecord[]) => {
    const a = turnOf(records);
    return one.transaction(async (tx: Queryable) => {
      if (records.length > 0) await tx.query(`${finishCtes('$1')} ${FINISH_UPDATE}`, [recordsJson(records)]);
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('offerpay:webhooks:claim'))", [], { prepare: true });
      const claimed = await tx.query<ClaimedRow>(claimDueSql(), [a.now, a.cap, a.limit, a.from, a.leaseUntil, a.leaseToken], {
        prepare: true,
      });
      return claimed.rows;
    });
  };
  console.log(`turn over a backlog of ${args.backlog} deliveries to 10 endpoints, 64 claimed a turn:`);
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const [name, turn] of [
      ['five statements', fiveStatements],
      ['one statement', oneStatement],
    ] as const) {
      await fill(Number(args.backlog));
      let claimed: ClaimedRow[] = [];
      let turns = 0;
      const cpu = ticks();
      const started = process.hrtime.bigint();
      do {
        claimed = await turn(claimed.map(delivered));
        turns++;
      } while (claimed.length > 0);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      console.log(
        `${name}: ${turns} turns, ${(wallMs / turns).toFixed(2)} ms wall, ${(((ticks() - cpu) * 10) / turns).toFixed(2)} ms PostgreSQL CPU a turn`,
      );
    }
  }
} finally {
  await one.close();
  await t.close();
}
