// Server CPU per uncached GET /offers page, in-process: the app (cache off) answers the bench's two list
// requests through app.inject one after another, and process.cpuUsage() divides by the count. PostgreSQL
// runs in its own process, so this is Node's share alone (no socket writes either); steadier than req/s
// on a shared host because nothing waits for a load generator. `--recipients N` gives each offer on the
// two pages N recipients (the seed has none), so each page also writes their links.
//
//   TEST_DATABASE_URL=postgres://… node --import tsx bench/list-cpu.ts [--offers 100000] [--requests 2000] [--engine postgres|pglite] [--recipients 0]
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { insertRecipient } from '../src/offers/recipients-repository.js';
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
  const recipients = Number(args.recipients);
  for (const s of scenarios.filter((x) => x.serverEnv)) {
    const get = () => t.app.inject({ method: 'GET', url: s.request.path, headers: bearer(apiToken) });
    const { data } = (await get()).json<{ data: { id: string }[] }>();
    for (const offer of data) {
      for (let n = 0; n < recipients; n++) {
        const token = randomToken();
        // An offer on both pages keeps the recipients the first page gave it (null: the address is taken).
        await insertRecipient(t.db, {
          id: crypto.randomUUID(),
          organisationId: organisation.id,
          offerId: offer.id,
          email: `r${n}@example.com`,
          firstName: null,
          lastName: null,
          role: 'sign',
          linkTokenHash: sha256(token),
          linkTokenEncrypted: encryptSecret(t.deps.secretKey, token),
          createdAt: new Date(),
        });
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
