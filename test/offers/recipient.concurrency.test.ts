// Concurrent recipients: two accepts → one wins (409 for the other); two signers at once → both
// signatures count exactly once and the offer completes once.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeEachEngine } from '../helpers/app.js';
import { pub, publishedOffer, sign, topics } from './recipient-support.js';
import { getOffer } from './support.js';

describeEachEngine('recipient (concurrency)', (ctx) => {
  it('two concurrent accepts: one 200, one 409, one event', async () => {
    const { apiToken } = await ctx().newOrganisation();
    for (let round = 0; round < 3; round++) {
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, {
        recipients: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
      });
      const results = await Promise.all([
        pub(ctx(), 'POST', tokens['a@example.com']!, '/accept', { consent: true }),
        pub(ctx(), 'POST', tokens['b@example.com']!, '/accept', { consent: true }),
      ]);
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
      assert.equal((await topics(ctx(), offer.id)).filter((t) => t === 'offer.accepted').length, 1);
    }
  });

  it('two signers at once: both count once, the offer completes once', async () => {
    const { apiToken } = await ctx().newOrganisation();
    for (let round = 0; round < 3; round++) {
      const { offer, tokens } = await publishedOffer(ctx(), apiToken, {
        acceptanceMode: 'esignature',
        recipients: [{ email: 'a@example.com' }, { email: 'b@example.com' }],
      });
      const results = await Promise.all([sign(ctx(), tokens['a@example.com']!, 'Anna A'), sign(ctx(), tokens['b@example.com']!, 'Bert B')]);
      assert.deepEqual(
        results.map((r) => r.statusCode),
        [200, 200],
      );
      const seller = await getOffer(ctx(), apiToken, offer.id);
      assert.equal(seller.status, 'awaiting_invoice_details');
      assert.deepEqual(
        seller.recipients.map((r: { signingStatus: string }) => r.signingStatus),
        ['signed', 'signed'],
      );
      const all = await topics(ctx(), offer.id);
      assert.equal(all.filter((t) => t === 'offer.recipient.signed').length, 2);
      assert.equal(all.filter((t) => t === 'offer.accepted').length, 1);
      // The same signer twice at once: one signature.
      const again = await publishedOffer(ctx(), apiToken, {
        acceptanceMode: 'esignature',
        recipients: [{ email: 'c@example.com' }, { email: 'd@example.com' }],
      });
      const twice = await Promise.all([sign(ctx(), again.tokens['c@example.com']!), sign(ctx(), again.tokens['c@example.com']!)]);
      assert.deepEqual(twice.map((r) => r.statusCode).sort(), [200, 409]);
    }
  });
});
