// Time is injected so that timers, expiry and retries can be tested with a controllable clock.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** ISO-8601 with offset and no fraction, the seeds' format: `2021-01-01T00:00:00+00:00`. */
export function isoDate(date: Date): string;
export function isoDate(date: Date | null): string | null;
export function isoDate(date: Date | null): string | null {
  return date === null ? null : date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}
