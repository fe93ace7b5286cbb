// Time is injected so that timers, expiry and retries can be tested with a controllable clock.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** ISO-8601 with offset and no fraction, the seeds' format: `2021-01-01T00:00:00+00:00`. */
export function isoDate(date: Date): string;
export function isoDate(date: Date | null): string | null;
export function isoDate(date: Date | null): string | null {
  if (date === null) return null;
  const iso = date.toISOString();
  // The common case without a regular expression (a list page formats ~150 dates); extended years (±YYYYYY) keep the general path.
  return iso.length === 24 ? `${iso.slice(0, 19)}+00:00` : iso.replace(/\.\d{3}Z$/, '+00:00');
}
