// `npm run fuzz`: the fuzzing campaign of issue 13 against the real server on loopback, on PGlite
// and (with TEST_DATABASE_URL) PostgreSQL. Schema-driven requests from the server's OpenAPI and the
// seeds, plus the mutation classes; fails on any 5xx, hang over 5 s, non-JSON API error or crash.
//
//   npm run fuzz                                   # 20,000 requests per engine
//   npm run fuzz -- --requests 2000 --engine pglite --seed 7
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCampaign } from './fuzz/campaign.js';
import { summary, writeFailures } from './fuzz/report.js';
import type { Engine } from './fuzz/server.js';

const root = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    engine: { type: 'string' },
    seed: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
  },
});
const postgresUrl = process.env.TEST_DATABASE_URL;
const engineArg = values.engine ?? (postgresUrl ? 'both' : 'pglite');
if (!['pglite', 'postgres', 'both'].includes(engineArg)) throw new Error('--engine is pglite, postgres or both');
const engines: Engine[] = engineArg === 'both' ? ['pglite', 'postgres'] : [engineArg as Engine];
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const requests = Number(values.requests);
console.log(
  `fuzz: ${requests.toLocaleString('en')} requests per engine on ${engines.join(' + ')}, seed ${seed} (--seed ${seed} replays it)`,
);

let failed = false;
for (const engine of engines) {
  const tally = await runCampaign({
    root,
    engine,
    requests,
    seed,
    concurrency: Number(values.concurrency),
    ...(postgresUrl ? { postgresUrl } : {}),
    log: (line) => console.log(line),
  });
  console.log(`\n${summary(tally)}\n`);
  if (Object.keys(tally.failureCounts).length > 0) {
    failed = true;
    console.log(`failures written to ${path.relative(root, writeFailures(path.join(root, 'test-output', 'fuzz'), tally))}`);
  }
}
process.exit(failed ? 1 : 0);
