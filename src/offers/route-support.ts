// What the Offers API route files share: the token checks and the error responses they document.
import { Type } from '@sinclair/typebox';
import { apiTokenResolver } from '../organisations/service.js';
import { requireApiToken } from '../platform/api-auth.js';
import type { Deps } from '../platform/deps.js';
import { idempotent } from '../platform/idempotency.js';
import { problem } from '../platform/schemas.js';

/** Hooks: `offer:read`, `offer:write` (onRequest, before the body is read) and the Idempotency-Key replay (preHandler). */
export function offerGuards(deps: Deps) {
  return {
    read: requireApiToken(apiTokenResolver(deps.db), 'offer:read'),
    write: requireApiToken(apiTokenResolver(deps.db), 'offer:write'),
    once: idempotent(deps),
  };
}

export const errors = {
  400: problem('Invalid parameters'),
  401: problem('Missing or invalid token'),
  403: problem('The token lacks the permission'),
  404: problem('Offer not found or in another organisation'),
};

export const stateErrors = {
  ...errors,
  409: problem("Not allowed in the offer's current status"),
  422: problem('The request body is invalid'),
};

export const notModified = Type.Null({ description: 'Not modified: If-None-Match names the current ETag' });
