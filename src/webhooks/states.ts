// Delivery state machine, pure: which action may happen in which state, and where it leads.
//
//   pending ──claim──▶ delivering ──succeed──▶ delivered
//      ▲                  │  │ └──claim (lease expired: the worker died mid-send)──▶ delivering
//      └──────retry───────┘  └──give_up──▶ failed
//   delivered / failed / pending ──redeliver──▶ pending        pending ──abandon (endpoint disabled)──▶ failed
import { isSuccess, retryDelayMs, type BackoffOptions, type TargetKind } from './schedule.js';

export const DELIVERY_STATUSES = ['pending', 'delivering', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DELIVERY_ACTIONS = ['claim', 'succeed', 'retry', 'give_up', 'redeliver', 'abandon'] as const;
export type DeliveryAction = (typeof DELIVERY_ACTIONS)[number];

const TRANSITIONS: Record<DeliveryStatus, Partial<Record<DeliveryAction, DeliveryStatus>>> = {
  pending: { claim: 'delivering', redeliver: 'pending', abandon: 'failed' },
  delivering: { claim: 'delivering', succeed: 'delivered', retry: 'pending', give_up: 'failed' },
  delivered: { redeliver: 'pending' },
  failed: { redeliver: 'pending' },
};

/** The state after `action`, or null when the action is not allowed in `from`. */
export function transition(from: DeliveryStatus, action: DeliveryAction): DeliveryStatus | null {
  return TRANSITIONS[from][action] ?? null;
}

/** States from which an action is allowed (used to guard the SQL update). */
export function statesAllowing(action: DeliveryAction): DeliveryStatus[] {
  return DELIVERY_STATUSES.filter((s) => transition(s, action) !== null);
}

export type AttemptOutcome =
  | { action: 'succeed'; status: 'delivered' }
  | { action: 'retry'; status: 'pending'; delayMs: number }
  | { action: 'give_up'; status: 'failed' };

/** What follows an attempt: done, retry after a delay, or give up. */
export function afterAttempt(
  kind: TargetKind,
  attempts: number,
  statusCode: number | null,
  random: () => number,
  backoff?: BackoffOptions,
): AttemptOutcome {
  if (isSuccess(kind, statusCode)) return { action: 'succeed', status: 'delivered' };
  const delayMs = retryDelayMs(kind, attempts, random, backoff);
  return delayMs === null ? { action: 'give_up', status: 'failed' } : { action: 'retry', status: 'pending', delayMs };
}

export interface DisablePolicy {
  /** Failed attempts in a row… */
  failures: number;
  /** …over at least this long, so a burst of events during a short outage does not switch an endpoint off. */
  failingForMs: number;
}

/** An endpoint is switched off when its current run of failures is both long enough and old enough. */
export function shouldDisableEndpoint(consecutiveFailures: number, failingSince: Date | null, now: Date, policy: DisablePolicy): boolean {
  if (consecutiveFailures < policy.failures || failingSince === null) return false;
  return now.getTime() - failingSince.getTime() >= policy.failingForMs;
}
