// Starts the server: open the database, migrate, (first start) create the demo organisation,
// listen, and shut down gracefully on SIGTERM/SIGINT.
import type { Config } from './config.js';
import { migrate } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import type { App, Deps } from './platform/deps.js';
import { resolveSecretKey } from './platform/secret-key.js';
import { tuneHeap } from './server-heap.js';
import { systemClock } from './platform/time.js';
import type { BackgroundWorker } from './server-workers.js';

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * What the server needs once its database is open, imported while it opens: the embedded engine
 * starts, reads and compiles its WebAssembly on its own thread (db/pglite-thread.ts, about a second),
 * and loading these modules is most of the rest of a restart.
 */
const loadModules = () =>
  Promise.all([import('./app.js'), import('./organisations/demo.js'), import('./server-workers.js')]).then(([app, demo, workers]) => ({
    ...app,
    ...demo,
    ...workers,
  }));

export interface RunningServer {
  app: App;
  stop(): Promise<void>;
}

export interface StartOptions {
  out?: NodeJS.WritableStream;
  /** Registers extra routes before the server starts (embedding, tests). */
  extend?: (app: App) => void;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const out = options.out ?? process.stdout;
  const phases = startupPhases();
  // The data directory's lock comes first (openDatabase takes it before its first await): a server
  // refused it touches nothing there, not even secret.key.
  const opening = openDatabase(config);
  const loading = loadModules();
  loading.catch(() => {}); // a failed open is the error to report; the modules' is rethrown below
  const opened = await opening;
  tuneHeap(opened.db.engine);
  phases.lap('open');
  let app: App | undefined;
  let stopping: Promise<void> | undefined;
  let workers: BackgroundWorker[] = [];
  try {
    const { buildApp, ensureDemoOrganisation, demoBanner, servingLine, startWorkers } = await loading;
    phases.lap('modules');
    const secretKey = resolveSecretKey(config);
    await migrate(opened.db);
    phases.lap('migrations');
    const demo = config.production ? null : await ensureDemoOrganisation(opened.db, secretKey);
    phases.lap('demo');
    const deps: Deps = { config, db: opened.db, secretKey, clock: systemClock };
    app = await buildApp(deps);
    options.extend?.(app);
    // Responses finished during shutdown close their connection; otherwise an idle keep-alive
    // connection would hold the server open until its keep-alive timeout.
    app.addHook('onSend', async (_request, reply) => {
      if (stopping) reply.header('connection', 'close');
    });
    phases.lap('app');
    // Workers first: a request served right after listen finds the live network registered.
    workers = await startWorkers(app, deps);
    phases.lap('workers');
    await app.listen({ port: config.port, host: config.host });
    phases.lap('listen');
    app.log.info({ startupMs: phases.done() }, 'started');
    if (demo) out.write(`${demoBanner(demo, config.publicUrl)}\n`);
    out.write(`${servingLine(config.publicUrl)}\n`);
  } catch (error) {
    await Promise.allSettled(workers.map((w) => w.stop()));
    await app?.close().catch(() => {});
    await opened.close().catch(() => {});
    throw error;
  }
  const running = app;
  const stop = () =>
    (stopping ??= (async () => {
      // Stop accepting, let in-flight requests finish, let the workers finish their current
      // deliveries, then close the database.
      await running.close();
      await Promise.allSettled(workers.map((w) => w.stop()));
      await opened.close();
    })());
  return { app: running, stop };
}

/** Wall time of each start-up phase in ms (logged at info as `startupMs`): where a restart's time goes. */
function startupPhases(): { lap(name: string): void; done(): Record<string, number> } {
  const t0 = performance.now();
  let last = t0;
  const ms: Record<string, number> = {};
  return {
    lap(name) {
      const now = performance.now();
      ms[name] = Math.round(now - last);
      last = now;
    },
    done: () => ({ ...ms, total: Math.round(last - t0) }),
  };
}

/** Wires SIGTERM/SIGINT to a graceful stop; a second signal or the grace period forces exit. */
export function handleSignals(server: RunningServer): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(1);
    signalled = true;
    server.app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      server.app.log.error('graceful shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
