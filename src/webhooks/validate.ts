// Checks of what a caller asks webhooks to call: a target URL that is safe to send to, and known event names.
import type { Config } from '../config.js';
import { AppError } from '../platform/errors.js';
import { isWebhookEvent, WILDCARD } from './events.js';
import { checkTargetUrl, UnsafeTargetError } from './ssrf.js';

/** The normalised URL, or a 422 naming `field` when it is not one offerpay may send to. */
export function targetUrl(config: Pick<Config, 'allowPrivateWebhookTargets'>, raw: string, field: string): string {
  try {
    return checkTargetUrl(raw, config.allowPrivateWebhookTargets).toString();
  } catch (error) {
    if (error instanceof UnsafeTargetError)
      throw new AppError('unprocessable', 'The request body is invalid.', [{ propertyPath: field, message: error.message }]);
    throw error;
  }
}

/** The subscribed events without duplicates; a 422 for names outside the catalogue. */
export function checkEvents(events: string[]): string[] {
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
