// Rows → the webhook API's wire shapes (endpoints and deliveries with their attempt log).
import { isoDate } from '../platform/time.js';
import type { AttemptRow, DeliveryRow } from './deliveries-repository.js';
import type { EndpointRow } from './endpoints-repository.js';
import type { DeliveryStatus } from './states.js';

export interface EndpointView {
  id: string;
  url: string;
  description: string | null;
  events: string[];
  version: string;
  enabled: boolean;
  consecutiveFailures: number;
  failingSince: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export const endpointView = (row: EndpointRow): EndpointView => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: row.events,
  version: row.version,
  enabled: row.enabled,
  consecutiveFailures: row.consecutive_failures,
  failingSince: isoDate(row.failing_since),
  disabledAt: isoDate(row.disabled_at),
  disabledReason: row.disabled_reason,
  createdAt: isoDate(row.created_at),
  updatedAt: isoDate(row.updated_at),
});

export interface AttemptView {
  attempt: number;
  url: string;
  startedAt: string;
  statusCode: number | null;
  latencyMs: number;
  response: string | null;
  error: string | null;
  succeeded: boolean;
}

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  target: 'endpoint' | 'merchant_callback';
  webhookId: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastLatencyMs: number | null;
  lastResponse: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  attemptLog: AttemptView[];
}

/** `attempts` may hold other deliveries' attempts too (a page's worth, read in one query). */
export function deliveryView(row: DeliveryRow, attempts: AttemptRow[]): DeliveryView {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.topic,
    target: row.target_kind,
    webhookId: row.endpoint_id,
    status: row.status,
    attempts: row.attempts_total,
    // While delivering, next_attempt_at is the lease, not a scheduled attempt.
    nextAttemptAt: row.status === 'pending' ? isoDate(row.next_attempt_at) : null,
    lastStatusCode: row.last_status_code,
    lastLatencyMs: row.last_latency_ms,
    lastResponse: row.last_response,
    lastError: row.last_error,
    createdAt: isoDate(row.created_at),
    deliveredAt: isoDate(row.delivered_at),
    attemptLog: attempts
      .filter((a) => a.delivery_id === row.id)
      .map((a) => ({
        attempt: a.attempt,
        url: a.url,
        startedAt: isoDate(a.started_at),
        statusCode: a.status_code,
        latencyMs: a.latency_ms,
        response: a.response_excerpt,
        error: a.error,
        succeeded: a.succeeded,
      })),
  };
}
