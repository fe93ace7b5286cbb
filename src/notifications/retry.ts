// What happens after a send attempt, as data. Pure: the worker asks, then writes.

export const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 60 * 60_000;

export type AfterSend = { status: 'sent' } | { status: 'pending'; retryInMs: number } | { status: 'failed' };

/**
 * A sent message is done. A temporary failure retries after 30 s, 1 min, 2 min … (at most an hour
 * apart) until MAX_ATTEMPTS; a permanent one (the server refused the recipient, the offer is gone)
 * fails at once. `attempts` counts the attempt just made.
 */
export function afterSend(attempts: number, outcome: 'sent' | 'temporary' | 'permanent'): AfterSend {
  if (outcome === 'sent') return { status: 'sent' };
  if (outcome === 'permanent' || attempts >= MAX_ATTEMPTS) return { status: 'failed' };
  return { status: 'pending', retryInMs: Math.min(BASE_DELAY_MS * 2 ** (attempts - 1), MAX_DELAY_MS) };
}
