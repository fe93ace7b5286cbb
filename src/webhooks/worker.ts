// The delivery worker: dispatch the outbox, claim due deliveries (SKIP LOCKED, leased), send each
// outside any transaction, record the attempt and schedule the retry or finish. Any number of
// workers (server replicas) can run against one PostgreSQL.
import crypto from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { WEBHOOK_CONCURRENCY_DEFAULT } from '../config.js';
import type { Deps } from '../platform/deps.js';
import { maskTokens } from '../platform/sealed-links.js';
import { AttemptRecorder, type PendingAttempt } from './attempt-recorder.js';
import { claimTurn } from './claim-turn.js';
import { dispatchOutbox } from './dispatcher.js';
import { jobOf, refuse, type Job } from './delivery-jobs.js';
import { hasUndispatched } from './outbox-repository.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './schedule.js';
import { send, type SendResult } from './sender.js';
import { afterAttempt, statesAllowing } from './states.js';

export interface WorkerOptions {
  /** Per request, connect to last byte. */
  timeoutMs?: number;
  /** Deliveries in flight at once per endpoint (or per merchant callback URL); the server passes WEBHOOK_CONCURRENCY. */
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
  perTargetConcurrency: WEBHOOK_CONCURRENCY_DEFAULT,
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

/** The outbox poll while events keep arriving. */
const FLOWING_POLL_MS = 10;
/**
 * The outbox poll when idle (at most pollIntervalMs): it bounds how long a new event waits for its
 * first attempt. The delivery loop's own idle poll only finds retries coming due; dispatches wake it.
 */
const IDLE_OUTBOX_POLL_MS = 100;
/** How long a finished attempt waits for the others still being sent before the loop records them. */
const RECORD_WAIT_MS = 5;

type WorkerDeps = Pick<Deps, 'db' | 'clock' | 'secretKey' | 'config'>;

/**
 * One turn (claim-turn.ts): records `batch`, then claims up to `limit` due deliveries, each with what
 * sending it needs. Recording first lets the claim see those slots free (the cap counts `delivering`
 * rows); both are one statement.
 */
async function turn(deps: WorkerDeps, s: Settings, batch: PendingAttempt[], limit: number) {
  const now = deps.clock.now();
  const { claimed, failing } = await claimTurn(deps.db, {
    records: batch.map((b) => b.record),
    now,
    cap: s.perTargetConcurrency,
    limit: Math.max(limit, 0),
    from: statesAllowing('claim'),
    // The lease outlives the request timeout; after it a dead worker's row becomes due again.
    leaseUntil: new Date(now.getTime() + (s.leaseMs ?? s.timeoutMs + 30_000)),
    leaseToken: crypto.randomUUID(),
  });
  const jobs = claimed.map((row) => {
    try {
      return jobOf(deps, row);
    } catch (error) {
      // A secret or link that no longer decrypts (SECRET_KEY changed) fails this delivery, not the whole batch.
      return refuse(row, `Cannot sign: ${(error as Error).message}`);
    }
  });
  return { jobs, failing };
}

const claim = async (deps: WorkerDeps, s: Settings, limit: number): Promise<Job[]> =>
  limit <= 0 ? [] : (await turn(deps, s, [], limit)).jobs;

/** The running loop's turn: record the attempts finished since the last one and claim into the slots they freed. */
async function recordAndClaim(deps: WorkerDeps, s: Settings, recorder: AttemptRecorder, limit: (recorded: number) => number) {
  const batch = recorder.take();
  if (batch.length === 0 && limit(0) <= 0) return [];
  let done: Awaited<ReturnType<typeof turn>>;
  try {
    done = await turn(deps, s, batch, limit(batch.length));
  } catch (error) {
    void recorder.settle(batch, [], error);
    throw error;
  }
  // Switching an endpoint off takes its own transaction, after the turn.
  void recorder.settle(batch, done.failing);
  return done.jobs;
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
  const deliveries = wakeable();
  const outbox = wakeable();
  // Finished attempts wait for the loop's next turn, which records them and claims into their slots.
  // The turn waits for the other sends still out, up to RECORD_WAIT_MS: a slot then comes back one
  // turn after it was claimed, not two (a turn costs several milliseconds, a local send less).
  let sending = 0;
  let soon: NodeJS.Timeout | null = null;
  const turnNow = () => {
    if (soon) clearTimeout(soon);
    soon = null;
    deliveries.nudge();
  };
  recorder.own(() => {
    sending--;
    if (sending <= 0) turnNow();
    else soon ??= setTimeout(turnNow, RECORD_WAIT_MS);
  });

  // Deliveries: record what finished and claim what is due, in one statement per turn.
  const delivering = (async () => {
    while (!stopped) {
      try {
        // Attempts still being recorded count as in flight until this turn records them.
        const jobs = await recordAndClaim(deps, s, recorder, (recorded) => s.maxInFlight - inFlight.size + recorded);
        sending += jobs.length;
        for (const job of jobs) {
          const p = attempt(deps, s, job, recorder, aborter.signal)
            .catch((error: unknown) => s.onError?.(error))
            .finally(() => inFlight.delete(p));
          inFlight.add(p);
        }
      } catch (error) {
        s.onError?.(error);
      }
      if (!stopped) await deliveries.sleep(s.pollIntervalMs);
    }
  })();

  // The outbox, beside the deliveries (a dispatch never delays a claim): while rows keep coming it
  // looks again soon, and each dispatch that made deliveries wakes the delivery loop.
  // Idle, it looks before it claims: the look is one prepared statement outside a transaction, the
  // claim a transaction; on an idle embedded server the look saves about 0.8 ms of CPU a poll.
  const dispatching = (async () => {
    let idle = true;
    while (!stopped) {
      let dispatched = 0;
      try {
        if (!idle || (await hasUndispatched(deps.db))) dispatched = await dispatchOutbox(deps, s.dispatchBatch);
        if (dispatched > 0) deliveries.nudge();
      } catch (error) {
        s.onError?.(error);
      }
      idle = dispatched === 0;
      if (dispatched === s.dispatchBatch || stopped) continue;
      await outbox.sleep(Math.min(idle ? IDLE_OUTBOX_POLL_MS : FLOWING_POLL_MS, s.pollIntervalMs));
    }
  })();

  return {
    async stop() {
      stopped = true;
      turnNow();
      outbox.nudge();
      await Promise.all([delivering, dispatching]);
      // The loop is gone: what finishes from now on is recorded on its own.
      recorder.own(null);
      // In-flight sends get a grace period, then are aborted; either way their results are recorded.
      const grace = setTimeout(() => aborter.abort(), s.stopGraceMs);
      await Promise.allSettled([...inFlight]);
      clearTimeout(grace);
    },
  };
}

/**
 * A loop's sleep that a nudge ends early. A nudge while the loop is awake is kept (it may have
 * looked just before the news arrived) and makes the next sleep a single event-loop turn, so
 * attempts finishing together are recorded together.
 */
function wakeable() {
  let wake: (() => void) | null = null;
  let nudged = false;
  return {
    nudge: () => {
      if (wake) wake();
      else nudged = true;
    },
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        const woken = () => {
          clearTimeout(timer);
          wake = null;
          nudged = false;
          setImmediate(resolve);
        };
        const timer = setTimeout(woken, nudged ? 0 : ms);
        wake = woken;
      }),
  };
}
