// Retry schedules, pure. `attempts` is the number of attempts made so far (the failed one included).

const MINUTE = 60_000;

/** CryptoProcessing: 12 retries, each delay counted from the previous attempt. Not configurable. */
export const MERCHANT_RETRY_MINUTES = [1, 5, 15, 30, 60, 90, 120, 180, 240, 240, 240, 240] as const;

export interface BackoffOptions {
  /** First retry delay before jitter. */
  baseMs: number;
  /** Largest delay before jitter. */
  maxMs: number;
  /** Attempts in total (the first one included) before the delivery is failed. */
  maxAttempts: number;
}

/**
 * Offer webhooks: 1 min doubling to 8 h, 12 attempts. The delays' ceilings sum to 1471 min, so with
 * equal jitter the last attempt comes 12–24.5 h after the first, about as long as merchant callbacks retry.
 */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: MINUTE, maxMs: 8 * 60 * MINUTE, maxAttempts: 12 };

/** Delay before the next merchant callback attempt, or null when the 12 retries are used up. */
export function merchantRetryDelayMs(attempts: number): number | null {
  const minutes = MERCHANT_RETRY_MINUTES[attempts - 1];
  return minutes === undefined ? null : minutes * MINUTE;
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries of many
 * deliveries that failed together (receiver outage) spread out instead of arriving in waves.
 */
export function webhookRetryDelayMs(
  attempts: number,
  random: () => number = Math.random,
  options: BackoffOptions = DEFAULT_BACKOFF,
): number | null {
  if (attempts >= options.maxAttempts) return null;
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export type TargetKind = 'endpoint' | 'merchant_callback';

/** Merchant callbacks count only HTTP 200 (the reference says so); webhooks any 2xx. */
export function isSuccess(kind: TargetKind, statusCode: number | null): boolean {
  if (statusCode === null) return false;
  return kind === 'merchant_callback' ? statusCode === 200 : statusCode >= 200 && statusCode < 300;
}

export function retryDelayMs(
  kind: TargetKind,
  attempts: number,
  random: () => number,
  backoff: BackoffOptions = DEFAULT_BACKOFF,
): number | null {
  return kind === 'merchant_callback' ? merchantRetryDelayMs(attempts) : webhookRetryDelayMs(attempts, random, backoff);
}
