// One engine's campaign: start the real server, seed a world, send the requests, stop the server.
import { loadOperations } from './operations.js';
import { newTally, record, type Tally } from './report.js';
import { confirmSlow, isSlowAnswer } from './replay.js';
import { type Outcome, runRequests } from './runner.js';
import { startFuzzServer, type Engine } from './server.js';
import { seedWorld } from './world.js';

export interface CampaignOptions {
  root: string;
  engine: Engine;
  requests: number;
  seed: number;
  concurrency: number;
  postgresUrl?: string;
  /** PGlite: start on this data directory (removed afterwards) instead of a new empty one. */
  dataDir?: string;
  /** Progress lines (every 10 %), for a long run. */
  log?: (line: string) => void;
}

export async function runCampaign(options: CampaignOptions): Promise<Tally> {
  const server = await startFuzzServer(options.root, options.engine, options.postgresUrl, options.dataDir);
  const tally = newTally(options.engine);
  try {
    const world = await seedWorld(server.baseUrl, server.adminToken);
    const ops = await loadOperations(server.baseUrl, options.root);
    const started = performance.now();
    const step = Math.max(1, Math.floor(options.requests / 10));
    const crashed = () => (server.exit() === null ? null : `the server exited (${server.exit()}):\n${server.output().slice(-3000)}`);
    const slow: Outcome[] = [];
    await runRequests(world, ops, { ...options, crashed }, (outcome) => {
      if (isSlowAnswer(outcome)) slow.push(outcome);
      else record(tally, outcome);
      if ((tally.requests + slow.length) % step === 0)
        options.log?.(`${options.engine}: ${tally.requests + slow.length}/${options.requests}, ${tally.failures.length} failing`);
    });
    tally.durationMs = performance.now() - started;
    for (const outcome of slow) record(tally, await confirmSlow(outcome, world));
    if (
      server.exit() === null &&
      !(await fetch(`${server.baseUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      ))
    )
      tally.failureCounts.crash = (tally.failureCounts.crash ?? 0) + 1;
  } finally {
    await server.stop();
  }
  return tally;
}
