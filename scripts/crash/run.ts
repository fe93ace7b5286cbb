// The crash test's core: start the real server, drive a mixed load, SIGKILL it at a random moment,
// restart on the same data, read every acknowledged write back; repeat for `kills` kills.
import crypto from 'node:crypto';
import { type Credentials, type Figures, Ledger } from './load.js';
import { type Server, startServer } from './server.js';

export interface CrashOptions {
  /** DATA_DIR=… (PGlite) or DATABASE_URL=… and SECRET_KEY=… (PostgreSQL), on a fresh database. */
  env: Record<string, string>;
  kills: number;
  clients?: number;
  /** The load runs for a random time in this range (ms) before each kill. */
  loadMs?: [number, number];
  log?: (line: string) => void;
}

export interface CrashResult extends Figures {
  kills: number;
  /** Restarts that failed (the server did not come back); the run stops at the first. */
  failedRestarts: string[];
}

/** The demo organisation the first start prints, and the admin API's id for it. */
async function credentials(server: Server, adminToken: string): Promise<Credentials> {
  const line = /TOKEN=(api_\S+); KEY=(\S+); SECRET=(\S+); B=/.exec(server.output());
  if (!line) throw new Error(`the first start printed no demo credentials:\n${server.output()}`);
  const orgs = await fetch(`${server.baseUrl}/admin/organisations`, { headers: { authorization: `Bearer ${adminToken}` } });
  const organisationId = ((await orgs.json()) as { data: { id: string }[] }).data[0]!.id;
  return { token: line[1]!, key: line[2]!, secret: line[3]!, adminToken, organisationId };
}

export async function runCrashTest(options: CrashOptions): Promise<CrashResult> {
  const log = options.log ?? (() => {});
  const [minMs, maxMs] = options.loadMs ?? [2000, 6000];
  const adminToken = `crash-admin-${crypto.randomBytes(12).toString('hex')}`;
  const env = { ...options.env, ADMIN_TOKEN: adminToken };
  const result: CrashResult = { kills: 0, acknowledged: 0, verified: 0, lost: [], unexpected: [], failedRestarts: [] };
  let server = await startServer(env);
  try {
    const ledger = new Ledger(await credentials(server, adminToken));
    for (let kill = 1; kill <= options.kills; kill++) {
      const loadMs = minMs + Math.floor(Math.random() * (maxMs - minMs));
      const stop = new Promise<void>((resolve) => setTimeout(resolve, loadMs));
      const driving = ledger.drive(server.baseUrl, options.clients ?? 6, stop);
      await stop;
      await server.kill();
      await driving;
      result.kills = kill;
      try {
        server = await startServer(env);
      } catch (error) {
        result.failedRestarts.push(`after kill ${kill}: ${(error as Error).message}`);
        break;
      }
      const lostBefore = ledger.figures.lost.length;
      await ledger.verify(server.baseUrl);
      log(
        `kill ${kill}/${options.kills} after ${loadMs} ms of load: ${ledger.figures.acknowledged} writes acknowledged so far, ` +
          `${ledger.entries.size} records read back intact, ${ledger.figures.lost.length - lostBefore} lost`,
      );
    }
    Object.assign(result, { ...ledger.figures, kills: result.kills, failedRestarts: result.failedRestarts });
  } finally {
    await server.kill();
  }
  return result;
}
