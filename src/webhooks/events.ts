// The closed catalogue of Offers API webhook events (Fynn's dotted `resource.action` convention)
// and the merchant callback topic. The outbox topic is the event type.

export const OFFER_EVENTS = {
  'offer.created': 'An offer was created.',
  'offer.updated': 'An offer was changed.',
  'offer.published': 'An offer was published.',
  'offer.signing_started': 'An offer was released for e-signature.',
  'offer.signing_cancelled': 'Signing of an offer was cancelled.',
  'offer.accepted': 'An offer was accepted.',
  'offer.signed': 'An offer was signed.',
  'offer.invoice_details_captured': 'A recipient gave the invoice details (and purchase order) of an accepted offer.',
  'offer.archived': 'An offer was archived.',
  'offer.recipient.viewed': 'A recipient opened an offer.',
  'offer.recipient.signed': 'A recipient signed an offer.',
  'offer.approval.requested': 'Approval of an offer was requested.',
  'offer.approval.approved': 'An offer was approved.',
  'offer.approval.rejected': 'An offer was rejected by an approver.',
} as const;

/** Emitted by the worker itself when an endpoint is switched off after a run of failures. */
export const ENDPOINT_DISABLED_EVENT = 'webhook_endpoint.disabled';

export const WEBHOOK_EVENTS: Record<string, string> = {
  ...OFFER_EVENTS,
  [ENDPOINT_DISABLED_EVENT]: 'A webhook endpoint was disabled after repeated delivery failures.',
};

export const EVENT_NAMES = Object.keys(WEBHOOK_EVENTS);

/** Subscribes to every event, including ones added later. */
export const WILDCARD = '*';

export const MERCHANT_CALLBACK_TOPIC = 'merchant.invoice_callback';

export const isWebhookEvent = (topic: string): boolean => topic in WEBHOOK_EVENTS;

export const subscribes = (events: readonly string[], topic: string): boolean => events.includes(WILDCARD) || events.includes(topic);
