// The uncached list's offers are read by the function derived from the code (offers/list-page-function.ts).
// With few recipients in the table, PostgreSQL would scan offer_recipients from its start once per
// listed offer, and each such scan asks the file system for the table's size (on the embedded engine
// a system call through WebAssembly): the function reads them by their index instead, however the
// statistics look.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { parseListQuery } from '../../src/offers/list-query.js';
import { listOffers } from '../../src/offers/list-repository.js';
import { describeEachEngine } from '../helpers/app.js';
import { createOffer } from './support.js';

describeEachEngine('GET /offers reads recipients by index', (ctx) => {
  let organisationId = '';
  before(async () => {
    const { organisation, apiToken } = await ctx().newOrganisation();
    organisationId = organisation.id;
    for (let i = 0; i < 6; i++) {
      const recipients = i % 3 === 0 ? [{ email: `r${i}@example.com`, firstName: 'R', lastName: `${i}`, role: 'sign' }] : [];
      await createOffer(ctx(), apiToken, { name: `Offer ${i}`, recipients });
    }
    // Two recipients on one page of the table: statistics under which a scan of the table is the cheap plan.
    await ctx().db.exec('ANALYZE offer_recipients');
  });

  it('scans offer_recipients not once per listed offer, whatever the table holds', async () => {
    // The connection's counts not yet reported (earlier transactions' too, on PostgreSQL 15): read before and after.
    const { before, after, emails } = await ctx().db.transaction(async (tx) => {
      const scans = async () => {
        const { rows } = await tx.query<{ seq: string | bigint; idx: string | bigint }>(
          "SELECT seq_scan AS seq, idx_scan AS idx FROM pg_stat_xact_user_tables WHERE relname = 'offer_recipients'",
        );
        return { seq: Number(rows[0]!.seq), idx: Number(rows[0]!.idx) };
      };
      const before = await scans();
      const { page } = await listOffers(tx, organisationId, parseListQuery({}));
      return { before, after: await scans(), emails: page.json.match(/r\d@example\.com/g) };
    });
    assert.deepEqual(emails?.sort(), ['r0@example.com', 'r3@example.com']);
    assert.equal(after.seq - before.seq, 0);
    assert.ok(after.idx > before.idx, `index scans ${before.idx} → ${after.idx}`);
  });
});
