// Subscriptions to the event catalogue (platform/events.ts).
import { EVENT_NAMES, WEBHOOK_EVENTS } from '../platform/events.js';

export { EVENT_NAMES, isWebhookEvent, MERCHANT_CALLBACK_TOPIC, WEBHOOK_EVENTS } from '../platform/events.js';

/** Subscribes to every event, including ones added later. */
export const WILDCARD = '*';

export const subscribes = (events: readonly string[], topic: string): boolean => events.includes(WILDCARD) || events.includes(topic);

/** GET /available-webhook-events: the catalogue itself, so a new event is listed the moment it exists. */
export const availableEvents = () => EVENT_NAMES.map((name) => ({ name, description: WEBHOOK_EVENTS[name] }));
