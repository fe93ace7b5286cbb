// Server CPU per uncached GET /offers page, in-process: the app (cache off) answers the bench's two list
// requests through app.inject one after another, and process.cpuUsage() divides by the count. PostgreSQL
// runs in its own process, so this is Node's share alone (no socket writes either); steadier than req/s
// on a shared host because nothing waits for a load generator. `--recipients N` gives each offer on the
// two pages N recipients (the seed has none), so each page also writes their links.
//
//   TEST_DATABASE_URL=postgres://… node --import tsx bench/list-cpu.ts [--offers 100000] [--requests 2000] [--engine postgres|pglite] [--recipients 0]
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { encryptSecret, randomToken, sha256 } from '../src/platform/crypto.js';
import { bearer, createTestApp } from '../test/helpers/app.js';
import seedOffers from './scenarios/offers.js';

const { values: args } = parseArgs({
  options: {
    offers: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '2000' },
    engine: { type: 'string', default: 'postgres' },
    recipients: { type: 'string', default: '0' },
  },
});
const t = await createTestApp(args.engine === 'pglite' ? 'pglite' : 'postgres', { env: { OFFERS_LIST_CACHE_MB: '0' } });
try {
  const { apiToken, organisation } = await t.newOrganisation();
  const scenarios = await seedOffers({ baseUrl: '', apiToken, organisationId: organisation.id, db: t.db }, Number(args.offers));
  const requests = Number(args.requests);
  for (const s of scenarios.filter((x) => x.serverEnv)) {
    const get = () => t.app.inject({ method: 'GET', url: s.request.path, headers: bearer(apiToken) });
    const { data } = (await get()).json<{ data: { id: string }[] }>();
    for (const offer of data) {
      for (let n = 0; n < Number(args.recipients); n++) {
        const token = randomToken();
        await t.db.query(
          `INSERT INTO offer_recipients (id, organisation_id, offer_id, email, role, link_token_hash, link_token_encrypted, created_at)
           VALUES ($1, $2, $3, $4, 'sign', $5, $6, now()) ON CONFLICT DO NOTHING`,
          [crypto.randomUUID(), organisation.id, offer.id, `r${n}@example.com`, sha256(token), encryptSecret(t.deps.secretKey, token)],
        );
      }
    }
    for (let i = 0; i < 200; i++) await get(); // warm-up: JIT, prepared statements
    const started = process.cpuUsage();
    const wall = performance.now();
    let bytes = 0;
    for (let i = 0; i < requests; i++) bytes = (await get()).rawPayload.length;
    const cpu = process.cpuUsage(started);
    console.log(
      `${s.name}: ${((cpu.user + cpu.system) / 1000 / requests).toFixed(3)} ms CPU/request (user ${(cpu.user / 1000 / requests).toFixed(3)}), ` +
        `${((performance.now() - wall) / requests).toFixed(2)} ms wall/request, ${bytes} bytes`,
    );
  }
} finally {
  await t.close();
}
