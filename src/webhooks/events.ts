// Subscriptions to the event catalogue (platform/events.ts).
export { EVENT_NAMES, isWebhookEvent, MERCHANT_CALLBACK_TOPIC, WEBHOOK_EVENTS } from '../platform/events.js';

/** Subscribes to every event, including ones added later. */
export const WILDCARD = '*';

export const subscribes = (events: readonly string[], topic: string): boolean => events.includes(WILDCARD) || events.includes(topic);
