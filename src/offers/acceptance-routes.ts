// Manual acceptance: the one Offers API route that takes an upload (multipart only in its own scope).
import { mediaDirOf } from '../documents/media-store.js';
import { apiTokenContext } from '../platform/api-auth.js';
import type { App, Deps } from '../platform/deps.js';
import { IdempotencyHeaders } from '../platform/idempotency.js';
import { readForm, registerUploadScope, uploadBodyLimit } from '../platform/multipart.js';
import { problem } from '../platform/schemas.js';
import { isoDate } from '../platform/time.js';
import { ACCEPT_UPLOAD, acceptanceOf, acceptOffer } from './accept.js';
import { offerGuards, stateErrors } from './route-support.js';
import { AcceptResult, OfferIdParams } from './schemas.js';

export function registerAcceptanceRoutes(app: App, deps: Deps): void {
  const { write, once } = offerGuards(deps);
  registerUploadScope(app, ACCEPT_UPLOAD, (scope) => {
    scope.post('/api/offers/:id/accept', {
      onRequest: write,
      preHandler: once,
      bodyLimit: uploadBodyLimit(ACCEPT_UPLOAD),
      schema: {
        headers: IdempotencyHeaders,
        tags: ['Offers'],
        summary: 'Record a manual acceptance',
        description:
          'multipart/form-data with `acceptedAt` (ISO-8601, required) and an optional signed PDF `file` (≤ 20 MB); or JSON {"acceptedAt": "…"}.',
        consumes: ['multipart/form-data', 'application/json'],
        params: OfferIdParams,
        response: { 200: AcceptResult, ...stateErrors, 413: problem('The file exceeds 20 MB') },
      },
      handler: async (request) => {
        const ctx = apiTokenContext(deps, request);
        const acceptance = acceptanceOf(await readForm(request, ACCEPT_UPLOAD, mediaDirOf(deps)));
        const result = await acceptOffer(ctx, { offerId: request.params.id, ...acceptance });
        return { status: result.status, signedAt: isoDate(result.signedAt) };
      },
    });
  });
}
