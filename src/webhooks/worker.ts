// The delivery worker: dispatch the outbox, claim due deliveries (SKIP LOCKED, leased), send each
// outside any transaction, record the attempt and schedule the retry or finish. Any number of
// workers (server replicas) can run against one PostgreSQL.
import crypto from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Deps } from '../platform/deps.js';
import { maskTokens } from '../platform/sealed-links.js';
import { AttemptRecorder } from './attempt-recorder.js';
import { dispatchOutbox } from './dispatcher.js';
import * as claims from './delivery-claims-repository.js';
import { jobOf, refuse, type Job } from './delivery-jobs.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './schedule.js';
import { send, type SendResult } from './sender.js';
import { afterAttempt, statesAllowing } from './states.js';

export interface WorkerOptions {
  /** Per request, connect to last byte. */
  timeoutMs?: number;
  /** Deliveries in flight at once per endpoint (or per merchant callback URL). */
  perTargetConcurrency?: number;
  /** Deliveries in flight at once in this worker. */
  maxInFlight?: number;
  /** Outbox rows dispatched per transaction. */
  dispatchBatch?: number;
  /** An endpoint is disabled after this many failed attempts in a row spanning at least `disableAfterMs`. */
  disableAfterFailures?: number;
  disableAfterMs?: number;
  backoff?: BackoffOptions;
  /** Jitter source (tests fix it). */
  random?: () => number;
  /** How long a claimed delivery stays reserved; after it a dead worker's delivery is due again. Default: timeout + 30 s. */
  leaseMs?: number;
  /** Sleep between polls when idle. */
  pollIntervalMs?: number;
  /** On stop, in-flight requests get this long to finish before they are aborted (recorded as failed attempts). */
  stopGraceMs?: number;
  /** Called with errors of the poll loop (it keeps going). */
  onError?: (error: unknown) => void;
}

type Settings = Required<Omit<WorkerOptions, 'onError' | 'leaseMs'>> & Pick<WorkerOptions, 'onError' | 'leaseMs'>;

export const DEFAULTS: Settings = {
  timeoutMs: 10_000,
  perTargetConcurrency: 4,
  maxInFlight: 64,
  dispatchBatch: 200,
  disableAfterFailures: 50,
  disableAfterMs: 12 * 60 * 60_000,
  backoff: DEFAULT_BACKOFF,
  random: Math.random,
  pollIntervalMs: 200,
  stopGraceMs: 5000,
};

// Options given as undefined keep their defaults.
const settingsOf = (options: WorkerOptions): Settings =>
  ({ ...DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) }) as Settings;

const NUDGE_DELAY_MS = 5;

type WorkerDeps = Pick<Deps, 'db' | 'clock' | 'secretKey' | 'config'>;

async function claim(deps: WorkerDeps, s: Settings, limit: number): Promise<Job[]> {
  if (limit <= 0) return [];
  return deps.db.transaction(async (tx) => {
    await claims.lockClaims(tx);
    const now = deps.clock.now();
    // The lease outlives the request timeout; after it a dead worker's row becomes due again.
    const leaseUntil = new Date(now.getTime() + (s.leaseMs ?? s.timeoutMs + 30_000));
    const rows = await claims.claimDue(tx, now, s.perTargetConcurrency, limit, statesAllowing('claim'), leaseUntil, crypto.randomUUID());
    return rows.map((row) => {
      try {
        return jobOf(deps, row);
      } catch (error) {
        // A secret or link that no longer decrypts (SECRET_KEY changed) fails this delivery, not the whole batch.
        return refuse(row, `Cannot sign: ${(error as Error).message}`);
      }
    });
  });
}

const recorderOf = (deps: WorkerDeps, s: Settings, expected?: number) =>
  new AttemptRecorder(deps, { failures: s.disableAfterFailures, failingForMs: s.disableAfterMs }, expected);

async function attempt(
  deps: WorkerDeps,
  s: Settings,
  job: Job,
  recorder: AttemptRecorder,
  signal?: AbortSignal,
): Promise<SendResult & { delivered: boolean }> {
  const startedAt = deps.clock.now();
  const sent: SendResult = job.url
    ? await send({
        url: job.url,
        body: job.body,
        headers: job.headers,
        timeoutMs: s.timeoutMs,
        allowPrivate: deps.config.allowPrivateWebhookTargets,
        signal,
      })
    : { statusCode: null, latencyMs: 0, response: null, error: job.problem ?? 'No target URL.' };
  // A receiver may echo the body: the link tokens it held are not kept in the attempt log.
  const result = { ...sent, response: maskTokens(sent.response, job.tokens) };
  const outcome = afterAttempt(job.row.target_kind, job.row.attempts, result.statusCode, s.random, s.backoff);
  await recorder.record({
    deliveryId: job.row.id,
    leaseToken: job.row.lease_token,
    attempt: job.row.attempts_total,
    url: job.url ?? '',
    startedAt,
    statusCode: result.statusCode,
    latencyMs: result.latencyMs,
    response: result.response,
    error: result.error,
    succeeded: outcome.action === 'succeed',
    status: outcome.status,
    // Merchant delays count from the previous attempt, i.e. from when it started.
    nextAttemptAt: outcome.action === 'retry' ? new Date(startedAt.getTime() + outcome.delayMs) : null,
    now: deps.clock.now(),
  });
  return { ...result, delivered: outcome.action === 'succeed' };
}

export interface RunResult {
  dispatched: number;
  attempted: number;
  delivered: number;
}

/** One pass: dispatch, claim what is due, send it all and wait. Tests drive it with a ManualClock. */
export async function runOnce(deps: WorkerDeps, options: WorkerOptions = {}): Promise<RunResult> {
  const s = settingsOf(options);
  const dispatched = await dispatchOutbox(deps, s.dispatchBatch);
  const jobs = await claim(deps, s, s.maxInFlight);
  // One pass records its whole batch in one statement, once every send is done.
  const recorder = recorderOf(deps, s, jobs.length);
  const results = await Promise.all(jobs.map((job) => attempt(deps, s, job, recorder)));
  return { dispatched, attempted: results.length, delivered: results.filter((r) => r.delivered).length };
}

export interface WebhookWorker {
  stop(): Promise<void>;
}

/**
 * The long-running loop: sends never block polling, so a receiver that hangs only holds its own
 * endpoint's slots (perTargetConcurrency) until the timeout while everything else keeps flowing.
 */
export function startWebhookWorker(deps: WorkerDeps, options: WorkerOptions = {}): WebhookWorker {
  const s = settingsOf(options);
  const inFlight = new Set<Promise<unknown>>();
  const recorder = recorderOf(deps, s);
  const aborter = new AbortController();
  setMaxListeners(0, aborter.signal); // one listener per send in flight
  let stopped = false;
  let wake: (() => void) | null = null;
  // A nudge while a tick runs is kept: the tick may have looked just before the news arrived.
  let nudged = false;
  const nudge = () => {
    if (wake) wake();
    else nudged = true;
  };
  // Finished sends wake the loop once per few milliseconds, not once each: every wake costs a dispatch
  // and a claim transaction, and at thousands of deliveries a second those round trips were the limit.
  let soon: NodeJS.Timeout | null = null;
  const nudgeSoon = () => {
    soon ??= setTimeout(() => {
      soon = null;
      nudge();
    }, NUDGE_DELAY_MS);
  };

  const tick = async (): Promise<boolean> => {
    nudged = false;
    const dispatched = await dispatchOutbox(deps, s.dispatchBatch);
    // Stopping: claim nothing new (a claim already running still sends what it took).
    if (stopped) return false;
    const jobs = await claim(deps, s, s.maxInFlight - inFlight.size);
    for (const job of jobs) {
      const p = attempt(deps, s, job, recorder, aborter.signal)
        .catch((error: unknown) => s.onError?.(error))
        .finally(() => {
          inFlight.delete(p);
          nudgeSoon(); // a freed slot may let a waiting delivery go
        });
      inFlight.add(p);
    }
    // Keep going without sleeping while there was work (a backlog drains at full speed).
    return dispatched === s.dispatchBatch || (jobs.length > 0 && inFlight.size < s.maxInFlight);
  };

  const loop = (async () => {
    while (!stopped) {
      let busy = false;
      try {
        busy = await tick();
      } catch (error) {
        s.onError?.(error);
      }
      if (busy || stopped || nudged) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, s.pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();

  return {
    async stop() {
      stopped = true;
      if (soon) clearTimeout(soon);
      nudge();
      await loop;
      // In-flight sends get a grace period, then are aborted; either way their results are recorded.
      const grace = setTimeout(() => aborter.abort(), s.stopGraceMs);
      await Promise.allSettled([...inFlight]);
      clearTimeout(grace);
    },
  };
}
