// A request answered after more than 5 s is sent again once the campaign is over, alone: on a
// shared machine (here 2 cores for many processes) a trivial request can wait seconds for a CPU.
// It counts as a hang only when it is slow again; otherwise the report lists it as slow under load.
import http from 'node:http';
import { withCredentials } from './auth.js';
import { HANG_MS } from './checks.js';
import { send } from './http.js';
import type { Outcome } from './runner.js';
import type { World } from './world.js';

/** An answer that came, late (a request that got none within the client's timeout is a hang at once). */
export const isSlowAnswer = (o: Outcome) => !o.res.error && o.findings.some((f) => f.kind === 'hang');

export async function confirmSlow(outcome: Outcome, world: World): Promise<Outcome> {
  const agent = new http.Agent({ keepAlive: false });
  const again = await send(agent, world.baseUrl, { ...outcome.req, headers: withCredentials(outcome.req, world) }, 30_000);
  agent.destroy();
  if (!again.error && again.ms <= HANG_MS) {
    const findings = outcome.findings.filter((f) => f.kind !== 'hang');
    return { ...outcome, findings, replayMs: again.ms };
  }
  return { ...outcome, replayMs: again.ms };
}
