// Request and response schemas of the webhook API (validation, serialization and the OpenAPI document).
import { Type } from '@sinclair/typebox';
import { MAX_PAGE } from '../platform/limits.js';
import { EVENT_NAMES, WILDCARD } from './events.js';

const Uuid = Type.String({ format: 'uuid' });
export const IdParams = Type.Object({ id: Uuid });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const EventName = Type.String({
  minLength: 1,
  maxLength: 100,
  description: `One of GET /available-webhook-events, or "${WILDCARD}" for all.`,
});
export const Events = Type.Array(EventName, { minItems: 1, maxItems: EVENT_NAMES.length + 1 });
export const Url = Type.String({ minLength: 1, maxLength: 2048 });
export const Description = Type.String({ maxLength: 500, description: 'What the endpoint is for (offerpay extension).' });

export const Webhook = Type.Object({
  id: Uuid,
  url: Type.String(),
  description: Nullable(Type.String()),
  events: Type.Array(Type.String()),
  version: Type.String(),
  enabled: Type.Boolean(),
  consecutiveFailures: Type.Integer(),
  failingSince: Nullable(DateTime),
  disabledAt: Nullable(DateTime),
  disabledReason: Nullable(Type.String()),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export const WebhookWithSecret = Type.Composite([
  Webhook,
  Type.Object({ secret: Type.String({ description: 'Signs every delivery (X-Webhook-Signature, HMAC-SHA256). Shown once.' }) }),
]);

const Attempt = Type.Object({
  attempt: Type.Integer(),
  url: Type.String(),
  startedAt: DateTime,
  statusCode: Nullable(Type.Integer()),
  latencyMs: Type.Integer(),
  response: Nullable(Type.String({ description: 'The first 1000 characters of the response body.' })),
  error: Nullable(Type.String()),
  succeeded: Type.Boolean(),
});
export const Delivery = Type.Object({
  id: Uuid,
  eventId: Type.String(),
  eventType: Type.String(),
  target: Type.Union([Type.Literal('endpoint'), Type.Literal('merchant_callback')]),
  webhookId: Nullable(Uuid),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivering'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(DateTime),
  lastStatusCode: Nullable(Type.Integer()),
  lastLatencyMs: Nullable(Type.Integer()),
  lastResponse: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  createdAt: DateTime,
  deliveredAt: Nullable(DateTime),
  attemptLog: Type.Array(Attempt),
});
export const Page = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: 1 }),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 30 }),
});
export const Meta = Type.Object({ totalItems: Type.Integer(), currentPage: Type.Integer(), itemsPerPage: Type.Integer() });
