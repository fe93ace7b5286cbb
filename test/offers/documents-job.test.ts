// The documents of a completed offer are rendered after the commit through a durable job: a job
// whose process died before rendering is picked up by the worker once its lease expired, exactly
// once even when two workers look at the same time.
import assert from 'node:assert/strict';
import { beforeEach, it } from 'node:test';
import { completeOffer } from '../../src/offers/completion.js';
import { LEASE_MS, runExpiredDocumentsJobs } from '../../src/offers/documents-job.js';
import * as offersRepo from '../../src/offers/repository.js';
import { systemContext } from '../../src/platform/context.js';
import { describeEachEngine, json, ManualClock } from '../helpers/app.js';
import { pdfText } from '../helpers/pdf-text.js';
import { pub, publishedOffer, topics } from './recipient-support.js';
import { getOffer } from './support.js';

const T0 = new Date('2026-06-01T10:00:00Z');
const clock = new ManualClock(T0);

describeEachEngine(
  'offer documents job',
  (ctx) => {
    beforeEach(() => clock.set(T0));

    it('a job left by a crashed process is rendered once by the worker after its lease expired', async () => {
      const { apiToken, organisation } = await ctx().newOrganisation();
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, {
        recipients: [{ email: 'anna@example.com', firstName: 'Anna', lastName: 'Muster', role: 'sign' }],
      });
      const accepted = await pub(ctx(), 'POST', tokens['anna@example.com']!, '/accept', { consent: true });
      assert.equal(accepted.statusCode, 200, accepted.body);
      // The completing transaction commits; the process "dies" before it runs the job.
      await ctx().db.transaction(async (tx) => {
        const row = (await offersRepo.findOffer(tx, organisation.id, offer.id, { forUpdate: true }))!;
        const signed = await offersRepo.updateOffer(tx, organisation.id, offer.id, { status: 'signed' });
        assert.equal(row.status, 'awaiting_invoice_details');
        await completeOffer(systemContext(ctx().deps, organisation.id, 'test'), tx, signed);
      });
      let seller = await getOffer(ctx(), apiToken, offer.id);
      assert.equal(seller.signed, true);
      assert.equal(seller.signedDocument, null);
      assert.equal(json(await pub(ctx(), 'GET', tokens['anna@example.com']!)).documents.signed, null);

      // Still leased to the process that completed the offer: nothing to pick up yet.
      assert.equal(await runExpiredDocumentsJobs(ctx().deps), 0);
      clock.advance(LEASE_MS);
      const done = await Promise.all([runExpiredDocumentsJobs(ctx().deps), runExpiredDocumentsJobs(ctx().deps)]);
      assert.equal(done[0]! + done[1]!, 1);

      seller = await getOffer(ctx(), apiToken, offer.id);
      assert.match(seller.signedDocument, /^[0-9a-f-]{36}$/);
      assert.match(seller.auditLogDocument, /^[0-9a-f-]{36}$/);
      assert.equal((await topics(ctx(), offer.id)).filter((t) => t === 'offer.signed').length, 1);
      const { rows } = await ctx().db.query<{ n: number }>('SELECT count(*)::int AS n FROM offer_document_jobs WHERE offer_id = $1', [
        offer.id,
      ]);
      assert.equal(rows[0]!.n, 0);
      const audit = await pub(ctx(), 'GET', tokens['anna@example.com']!, '/audit-log');
      assert.equal(audit.statusCode, 200);
      assert.match(await pdfText(audit.rawPayload), /offer\.signed/);
      assert.equal(await runExpiredDocumentsJobs(ctx().deps), 0);
    });
  },
  { clock },
);
