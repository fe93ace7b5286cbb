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
  const writes = await withTimeout(
    deps.db
      .query(
        `INSERT INTO readiness_probe (id, written_at) VALUES (1, now())
         ON CONFLICT (id) DO UPDATE SET written_at = EXCLUDED.written_at`,
      )
      .then(
        () => true,
        () => false,
      ),
    false,
  );
  return writes ? 'ready' : 'database not writable';
}

/** A readiness check for one app: the last probe's answer is reused for a second. */
export function readinessCheck(deps: Deps): () => Promise<Readiness> {
  let last: { at: number; result: Promise<Readiness> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= REUSE_MS) last = { at: now, result: probe(deps) };
    return last.result;
  };
}
