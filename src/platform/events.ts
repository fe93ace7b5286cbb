// The closed catalogue of outbox topics. Offers API webhook events use Fynn's dotted
// `resource.action` names; the Merchant API writes its invoice callback under one topic. A topic is
// a key of this catalogue, never a free string: `enqueue` takes only these, and the webhook API's
// `/available-webhook-events` is derived from it.

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
  'offer.recipient.declined': 'A recipient declined the published version of an offer, optionally with a reason (offerpay extension).',
  'offer.approval.requested': 'Approval of an offer was requested.',
  'offer.approval.approved': 'An offer was approved.',
  'offer.approval.rejected': 'An offer was rejected by an approver.',
} as const;

export type OfferEvent = keyof typeof OFFER_EVENTS;

/** Emitted by the webhook worker itself when an endpoint is switched off after a run of failures. */
export const ENDPOINT_DISABLED_EVENT = 'webhook_endpoint.disabled';

/** Everything a webhook endpoint can subscribe to, with its description. */
export const WEBHOOK_EVENTS = {
  ...OFFER_EVENTS,
  [ENDPOINT_DISABLED_EVENT]: 'A webhook endpoint was disabled after repeated delivery failures.',
} as const;

export type WebhookEvent = keyof typeof WEBHOOK_EVENTS;

export const EVENT_NAMES = Object.keys(WEBHOOK_EVENTS) as WebhookEvent[];

/** The Merchant API's invoice callback: delivered to the merchant's callback URL, not to webhook endpoints. */
export const MERCHANT_CALLBACK_TOPIC = 'merchant.invoice_callback';

export type OutboxTopic = WebhookEvent | typeof MERCHANT_CALLBACK_TOPIC;

export const isWebhookEvent = (topic: string): topic is WebhookEvent => Object.hasOwn(WEBHOOK_EVENTS, topic);
