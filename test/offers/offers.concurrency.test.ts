// Two transitions racing on one offer: exactly one wins, the other gets 409, and the side effects
// (activity, outbox event) are written once.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bearer, describeEachEngine } from '../helpers/app.js';
import { createOffer, signingOffer } from './support.js';

describeEachEngine('offers (concurrency)', (ctx) => {
  it('two concurrent cancel-signing: one 200, one 409, one event', async () => {
    const { apiToken, organisation } = await ctx().newOrganisation();
    for (let round = 0; round < 3; round++) {
      const offer = await signingOffer(ctx(), apiToken);
      const results = await Promise.all(
        [0, 1].map(() => ctx().app.inject({ method: 'POST', url: `/offers/${offer.id}/cancel-signing`, headers: bearer(apiToken) })),
      );
      assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
      const { rows } = await ctx().db.query<{ n: bigint }>(
        "SELECT count(*) AS n FROM outbox WHERE organisation_id = $1 AND topic = 'offer.signing_cancelled' AND payload->'data'->>'id' = $2",
        [organisation.id, offer.id],
      );
      assert.equal(Number(rows[0]!.n), 1);
    }
  });

  it('two concurrent publishes of an e-signature offer: one 200, one 409', async () => {
    const { apiToken } = await ctx().newOrganisation();
    const offer = await createOffer(ctx(), apiToken, {
      name: 'Race',
      acceptanceMode: 'esignature',
      recipients: [{ email: 's@b.example', role: 'sign' }],
    });
    const results = await Promise.all(
      [0, 1].map(() =>
        ctx().app.inject({ method: 'POST', url: `/api/offers/${offer.id}/publish`, headers: bearer(apiToken), payload: {} }),
      ),
    );
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
  });

  it('keeps the list counters exact under concurrent transitions', async () => {
    const { apiToken, organisation } = await ctx().newOrganisation();
    const offers = await Promise.all(Array.from({ length: 6 }, () => signingOffer(ctx(), apiToken)));
    await Promise.all(
      offers.flatMap((o, i) => [
        ctx().app.inject({ method: 'POST', url: `/offers/${o.id}/cancel-signing`, headers: bearer(apiToken) }),
        ctx().app.inject({
          method: 'POST',
          url: i % 2 ? `/offers/${o.id}/archive` : `/api/offers/${o.id}/accept`,
          headers: bearer(apiToken),
          ...(i % 2 ? {} : { payload: { acceptedAt: '2026-01-01T00:00:00Z' } }),
        }),
      ]),
    );
    const counted = await ctx().db.query<{ status: string; n: bigint }>(
      'SELECT status, count(*) AS n FROM offers WHERE organisation_id = $1 GROUP BY status',
      [organisation.id],
    );
    const kept = await ctx().db.query<{ status: string; n: bigint }>(
      'SELECT status, sum(total)::bigint AS n FROM offer_list_counts WHERE organisation_id = $1 GROUP BY status HAVING sum(total) <> 0',
      [organisation.id],
    );
    const asMap = (rows: { status: string; n: bigint }[]) => Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    assert.deepEqual(asMap(kept.rows), asMap(counted.rows));
  });
});
