// Readiness: the database answers *and takes writes*. A database that still reads but cannot write
// (disk full, a read-only standby after a failover, a lock that never ends) leaves a replica unable to
// do its work, so /readyz says so and a load balancer sends traffic elsewhere; once a write works
// again, so does /readyz. The probe writes one row (readiness_probe); concurrent and repeated probes
// within a second share one write, so /readyz cannot be used to load the database.
import type { Deps } from '../platform/deps.js';

const PROBE_TIMEOUT_MS = 2000;
const REUSE_MS = 1000;

export type Readiness = 'ready' | 'database unavailable' | 'database not writable';

async function withTimeout<T>(work: Promise<T>, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function probe(deps: Deps): Promise<Readiness> {
  const reads = await withTimeout(
    deps.db.query('SELECT 1').then(
      () => true,
      () => false,
    ),
    false,
  );
  if (!reads) return 'database unavailable';
  // The statement ends by itself too: a write stuck on a lock must not hold a pooled connection
  // for as long as the lock lasts, one more per probe.
  const write = deps.db.transaction(async (tx) => {
    await tx.query(`SET LOCAL statement_timeout = ${PROBE_TIMEOUT_MS}`);
    await tx.query(
      `INSERT INTO readiness_probe (id, written_at) VALUES (1, now())
       ON CONFLICT (id) DO UPDATE SET written_at = EXCLUDED.written_at`,
    );
  });
  const writes = await withTimeout(
    write.then(
      () => true,
      () => false,
    ),
    false,
  );
  return writes ? 'ready' : 'database not writable';
}

/** A readiness check for one app: a probe's answer is reused for a second, and never two run at once. */
export function readinessCheck(deps: Deps): () => Promise<Readiness> {
  let last: { at: number; settled: boolean; result: Promise<Readiness> } | undefined;
  return () => {
    if (!last || (last.settled && Date.now() - last.at >= REUSE_MS)) {
      const current = { at: Date.now(), settled: false, result: probe(deps) };
      void current.result.finally(() => {
        current.settled = true;
      });
      last = current;
    }
    return last.result;
  };
}
