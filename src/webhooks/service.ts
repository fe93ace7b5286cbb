// Use cases of the webhook endpoints API, the merchant callback setting and the delivery log.
// Endpoint secrets are shown once (create, rotate) and kept encrypted, because every delivery is signed with them.
import crypto from 'node:crypto';
import { decryptSecret, encryptSecret } from '../platform/crypto.js';
import type { Deps } from '../platform/deps.js';
import { AppError, notFound } from '../platform/errors.js';
import { isoDate } from '../platform/time.js';
import { EVENT_NAMES, isWebhookEvent, WEBHOOK_EVENTS, WILDCARD } from './events.js';
import * as repo from './repository.js';
import { checkTargetUrl, UnsafeTargetError } from './ssrf.js';
import { newEndpointSecret } from './signing.js';
import { statesAllowing, type DeliveryStatus } from './states.js';

type Ctx = Pick<Deps, 'db' | 'clock' | 'secretKey' | 'config'>;

export interface EndpointView {
  id: string;
  url: string;
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

export const endpointView = (row: repo.EndpointRow): EndpointView => ({
  id: row.id,
  url: row.url,
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

function targetUrl(ctx: Ctx, raw: string, field: string): string {
  try {
    return checkTargetUrl(raw, ctx.config.allowPrivateWebhookTargets).toString();
  } catch (error) {
    if (error instanceof UnsafeTargetError) throw new AppError('unprocessable', 'The request body is invalid.', [{ propertyPath: field, message: error.message }]);
    throw error;
  }
}

function checkEvents(events: string[]): string[] {
  const unknown = events.filter((e) => e !== WILDCARD && !isWebhookEvent(e));
  if (unknown.length > 0) {
    throw new AppError(
      'unprocessable',
      'The request body is invalid.',
      unknown.map((e) => ({ propertyPath: 'events', message: `Unknown event "${e}"; see GET /available-webhook-events.` })),
    );
  }
  return [...new Set(events)];
}

export async function createEndpoint(
  ctx: Ctx,
  organisationId: string,
  input: { url: string; events: string[]; version?: string; enabled?: boolean },
): Promise<EndpointView & { secret: string }> {
  const secret = newEndpointSecret();
  const row = await repo.insertEndpoint(ctx.db, {
    id: crypto.randomUUID(),
    organisationId,
    url: targetUrl(ctx, input.url, 'url'),
    events: checkEvents(input.events),
    version: input.version ?? 'v1',
    secretEncrypted: encryptSecret(ctx.secretKey, secret),
    enabled: input.enabled ?? true,
    now: ctx.clock.now(),
  });
  return { ...endpointView(row), secret };
}

export async function listEndpoints(ctx: Ctx, organisationId: string): Promise<EndpointView[]> {
  return (await repo.listEndpoints(ctx.db, organisationId)).map(endpointView);
}

export async function getEndpoint(ctx: Ctx, organisationId: string, id: string): Promise<EndpointView> {
  const row = await repo.findEndpoint(ctx.db, organisationId, id);
  if (!row) throw notFound('Webhook');
  return endpointView(row);
}

/** Disabling (by hand) also fails the endpoint's waiting deliveries: a disabled endpoint gets nothing. */
export async function updateEndpoint(
  ctx: Ctx,
  organisationId: string,
  id: string,
  input: { url?: string; events?: string[]; enabled?: boolean },
): Promise<EndpointView> {
  const patch = {
    url: input.url === undefined ? undefined : targetUrl(ctx, input.url, 'url'),
    events: input.events === undefined ? undefined : checkEvents(input.events),
    enabled: input.enabled,
  };
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const row = await repo.updateEndpoint(tx, organisationId, id, patch, now);
    if (!row) throw notFound('Webhook');
    if (input.enabled === false) await repo.abandonPending(tx, row.id, 'Endpoint disabled.', now);
    return endpointView(row);
  });
}

export async function deleteEndpoint(ctx: Ctx, organisationId: string, id: string): Promise<void> {
  if (!(await repo.deleteEndpoint(ctx.db, organisationId, id))) throw notFound('Webhook');
}

/** A new secret takes effect at once, for retries of earlier events too (they are signed at send time). */
export async function rotateSecret(ctx: Ctx, organisationId: string, id: string): Promise<EndpointView & { secret: string }> {
  const secret = newEndpointSecret();
  const row = await repo.updateEndpoint(ctx.db, organisationId, id, { secretEncrypted: encryptSecret(ctx.secretKey, secret) }, ctx.clock.now());
  if (!row) throw notFound('Webhook');
  return { ...endpointView(row), secret };
}

/** For tests and diagnostics inside the process only; never returned by the API after creation. */
export async function endpointSecret(ctx: Ctx, organisationId: string, id: string): Promise<string> {
  const row = await repo.findEndpoint(ctx.db, organisationId, id);
  if (!row) throw notFound('Webhook');
  return decryptSecret(ctx.secretKey, row.secret_encrypted);
}

export const availableEvents = () => EVENT_NAMES.map((name) => ({ name, description: WEBHOOK_EVENTS[name] }));

// ── merchant callback URL (admin) ───────────────────────────────────────────────────────────

export async function setMerchantCallbackUrl(ctx: Ctx, organisationId: string, url: string | null): Promise<{ callback_url: string | null }> {
  const checked = url === null ? null : targetUrl(ctx, url, 'callback_url');
  return ctx.db.transaction(async (tx) => {
    if (!(await repo.organisationExists(tx, organisationId))) throw notFound('Organisation');
    await repo.upsertMerchantCallbackUrl(tx, organisationId, checked, ctx.clock.now());
    return { callback_url: checked };
  });
}

export async function getMerchantCallbackUrl(ctx: Ctx, organisationId: string): Promise<{ callback_url: string | null }> {
  if (!(await repo.organisationExists(ctx.db, organisationId))) throw notFound('Organisation');
  return { callback_url: await repo.findMerchantCallbackUrl(ctx.db, organisationId) };
}

// ── delivery log ────────────────────────────────────────────────────────────────────────────

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

function deliveryView(row: repo.DeliveryRow, attempts: repo.AttemptRow[]): DeliveryView {
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

export async function listDeliveries(
  ctx: Ctx,
  organisationId: string,
  filter: { endpointId?: string; targetKind?: 'endpoint' | 'merchant_callback' },
  page: { limit: number; offset: number },
): Promise<{ data: DeliveryView[]; total: number }> {
  if (filter.endpointId && !(await repo.findEndpoint(ctx.db, organisationId, filter.endpointId))) throw notFound('Webhook');
  const { rows, total } = await repo.listDeliveries(ctx.db, organisationId, filter, page.limit, page.offset);
  const attempts = await repo.attemptsOf(ctx.db, rows.map((r) => r.id));
  return { data: rows.map((r) => deliveryView(r, attempts)), total };
}

/** Sends a delivery again now, with a fresh retry budget. A delivery being sent right now is a 409. */
export async function redeliver(ctx: Ctx, organisationId: string, id: string): Promise<DeliveryView> {
  const found = await repo.findDelivery(ctx.db, organisationId, id);
  if (!found) throw notFound('Delivery');
  if (found.endpoint_id) {
    const endpoint = await repo.findEndpoint(ctx.db, organisationId, found.endpoint_id);
    if (endpoint && !endpoint.enabled) throw new AppError('invalid_state', 'The webhook endpoint is disabled; enable it first (PATCH /webhooks/{id}).');
  }
  const row = await repo.redeliver(ctx.db, organisationId, id, statesAllowing('redeliver'), ctx.clock.now());
  if (row) return deliveryView(row, await repo.attemptsOf(ctx.db, [row.id]));
  const existing = await repo.findDelivery(ctx.db, organisationId, id);
  if (!existing) throw notFound('Delivery');
  throw new AppError('invalid_state', `The delivery is ${existing.status}; try again when the attempt has finished.`);
}
