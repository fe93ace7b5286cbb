// Records finished attempts in batches: everything that finished in the same turn of the event loop
// (successes and failures alike) goes to the database in one statement (finishAttempts), so the
// database work per batch stays constant however many attempts it holds. The running worker loop
// takes the batches itself and records each in its next claim's statement (claim-turn.ts). The rare
// consequence of a run of failures, switching an endpoint off, follows in its own transaction.
import type { Deps } from '../platform/deps.js';
import { ENDPOINT_DISABLED_EVENT } from '../platform/events.js';
import { enqueue } from '../platform/outbox.js';
import { abandonPending } from './deliveries-repository.js';
import { finishAttempts, type AttemptRecord, type FailingEndpoint } from './delivery-claims-repository.js';
import { disableEndpoint } from './endpoints-repository.js';
import { endpointView } from './serialize.js';
import { shouldDisableEndpoint, type DisablePolicy } from './states.js';

type RecorderDeps = Pick<Deps, 'db' | 'clock'>;

/** Attempts per statement: bounds the statement's parameter size, not its count per batch. */
const MAX_BATCH = 500;

export interface PendingAttempt {
  record: AttemptRecord;
  done: (error?: unknown) => void;
}

export class AttemptRecorder {
  private queue: PendingAttempt[] = [];
  private flushing = false;
  /** While set, queued attempts wait for the owner to take() them; it is told when one arrives. */
  private owner: (() => void) | null = null;
  /**
   * `expected`: record nothing until that many attempts are in, then all of them together (a
   * single pass of the worker, runOnce); without it, whatever finished in the same turn.
   */
  constructor(
    private readonly deps: RecorderDeps,
    private readonly policy: DisablePolicy,
    private readonly expected?: number,
  ) {}

  /** Resolves once the attempt is recorded (and, if it switched its endpoint off, once that is done). */
  record(record: AttemptRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ record, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (this.expected !== undefined && this.queue.length < this.expected) return;
      if (this.owner) this.owner();
      else if (!this.flushing) void this.flush();
    });
  }

  /** Hands queued attempts to `onQueued`'s caller (take) instead of recording them itself; null: records them itself again. */
  own(onQueued: (() => void) | null): void {
    this.owner = onQueued;
    if (!onQueued && this.queue.length > 0 && !this.flushing) void this.flush();
  }

  /** The queued attempts, for the owner to record with finishAttempts and then settle(). */
  take(): PendingAttempt[] {
    return this.queue.splice(0, MAX_BATCH);
  }

  /** After the owner recorded `batch` (or failed to: `error`): disables what is due, then resolves each record(). */
  async settle(batch: PendingAttempt[], failing: FailingEndpoint[], error?: unknown): Promise<void> {
    if (error !== undefined) {
      for (const b of batch) b.done(error);
      return;
    }
    try {
      for (const endpoint of failing) await this.disableIfDue(endpoint);
      for (const b of batch) b.done();
    } catch (e) {
      for (const b of batch) b.done(e);
    }
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    await new Promise((r) => setImmediate(r));
    while (this.queue.length > 0) {
      const batch = this.take();
      let failing: FailingEndpoint[] = [];
      try {
        failing = await finishAttempts(
          this.deps.db,
          batch.map((b) => b.record),
        );
      } catch (error) {
        await this.settle(batch, [], error);
        continue;
      }
      await this.settle(batch, failing);
    }
    this.flushing = false;
  }

  private async disableIfDue(endpoint: FailingEndpoint): Promise<void> {
    const now = this.deps.clock.now();
    if (!shouldDisableEndpoint(endpoint.consecutive_failures, endpoint.failing_since, now, this.policy)) return;
    await this.deps.db.transaction(async (tx) => {
      // Only one worker gets the row back (it must still be enabled), so the event is announced once.
      const disabled = await disableEndpoint(tx, endpoint.id, 'consecutive_failures', now);
      if (!disabled) return;
      await abandonPending(tx, endpoint.id, 'Endpoint disabled after consecutive failures.', now);
      // Announced through the outbox like any event: other endpoints subscribed to it hear about it.
      await enqueue(tx, {
        organisationId: disabled.organisation_id,
        topic: ENDPOINT_DISABLED_EVENT,
        payload: { data: endpointView(disabled) },
      });
    });
  }
}
