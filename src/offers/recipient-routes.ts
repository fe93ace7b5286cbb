// The offer's recipients: add one (Offers API), remove one (an offerpay extension).
import { apiTokenContext } from '../platform/api-auth.js';
import { Type } from '@sinclair/typebox';
import type { App, Deps } from '../platform/deps.js';
import { IdempotencyHeaders } from '../platform/idempotency.js';
import { addRecipient } from './add-recipient.js';
import { removeRecipient } from './remove-recipient.js';
import { offerGuards, stateErrors } from './route-support.js';
import { OfferIdParams, OfferRead, RecipientInput, RecipientParams } from './schemas.js';

export function registerRecipientRoutes(app: App, deps: Deps): void {
  const { write, once } = offerGuards(deps);
  const tags = ['Offers'];
  const offer = Type.Ref(OfferRead);

  app.post('/offers/:id/recipients', {
    onRequest: write,
    preHandler: once,
    schema: {
      headers: IdempotencyHeaders,
      tags,
      summary: 'Add a recipient',
      params: OfferIdParams,
      body: RecipientInput,
      response: { 201: offer, ...stateErrors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await addRecipient(apiTokenContext(deps, request), { offerId: request.params.id, recipient: request.body })),
  });

  app.delete('/offers/:id/recipients/:recipientId', {
    onRequest: write,
    schema: {
      tags,
      'x-offerpay-extension': true,
      summary: 'Remove a recipient (x-offerpay-extension)',
      params: RecipientParams,
      response: { 200: offer, ...stateErrors },
    },
    handler: async (request) =>
      removeRecipient(apiTokenContext(deps, request), { offerId: request.params.id, recipientId: request.params.recipientId }),
  });
}
