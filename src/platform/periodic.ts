// A background task that runs `delayMs` after start (at once by default) and then `intervalMs` after
// each run ends (never two at once), until stopped. The invoice timers, the mail queue and retention
// run this way; the list JSON refresh and the embedded engine's maintenance after a delay.

export interface Periodic {
  /** Stops scheduling, aborts the signal given to a run in progress, and waits for that run to end. */
  stop(): Promise<void>;
}

export function startPeriodic(
  task: (signal: AbortSignal) => Promise<void>,
  options: { intervalMs: number; delayMs?: number; onError?: (error: unknown) => void },
): Periodic {
  const aborter = new AbortController();
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = task(aborter.signal)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => {
        // A failed run keeps the schedule: the next one comes after the interval.
        if (!aborter.signal.aborted) timer = setTimeout(tick, options.intervalMs);
      });
  };
  timer = setTimeout(tick, options.delayMs ?? 0);
  return {
    async stop() {
      aborter.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
