// Offer templates (the reference shows the tag "Offer templates" but not its paths: ours are
// /offer-templates, beside /offers). Same tokens and scopes as offers.
import { apiTokenResolver } from '../../organisations/service.js';
import { Type } from '@sinclair/typebox';
import { apiTokenContext, requireApiToken } from '../../platform/api-auth.js';
import type { App, Deps } from '../../platform/deps.js';
import { IdempotencyHeaders, idempotent } from '../../platform/idempotency.js';
import { problem } from '../../platform/schemas.js';
import { createTemplate, deleteTemplate, updateTemplate } from './commands.js';
import { getTemplate, listTemplates } from './queries.js';
import { CreateTemplateBody, TemplateIdParams, TemplateList, TemplateListQuery, TemplateRead, UpdateTemplateBody } from './schemas.js';

const errors = {
  400: problem('Invalid parameters'),
  401: problem('Missing or invalid token'),
  403: problem('The token lacks the permission'),
  404: problem('Template not found or in another organisation'),
};
const bodyErrors = { ...errors, 422: problem('The request body is invalid') };

export function registerOfferTemplateRoutes(app: App, deps: Deps): void {
  app.addSchema(TemplateRead);
  const read = requireApiToken(apiTokenResolver(deps.db), 'offer:read');
  const write = requireApiToken(apiTokenResolver(deps.db), 'offer:write');
  const once = idempotent(deps);
  // The reference shows the tag, not the paths: every template route is marked as ours.
  const tags = ['Offer templates'];
  const ext = { 'x-offerpay-extension': true };
  const template = Type.Ref(TemplateRead);

  app.post('/offer-templates', {
    onRequest: write,
    preHandler: once,
    schema: {
      headers: IdempotencyHeaders,
      tags,
      ...ext,
      summary: 'Create an offer template',
      description: 'Content an offer can start from: POST /offers with {"offerTemplateId"}. validForDays sets the new offer\'s validUntil.',
      body: CreateTemplateBody,
      response: { 201: template, ...bodyErrors },
    },
    handler: async (request, reply) => reply.status(201).send(await createTemplate(apiTokenContext(deps, request), request.body)),
  });

  app.get('/offer-templates', {
    onRequest: read,
    schema: {
      tags,
      ...ext,
      summary: 'List offer templates, newest first',
      querystring: TemplateListQuery,
      response: { 200: TemplateList, ...errors },
    },
    handler: async (request) => listTemplates(apiTokenContext(deps, request), { page: request.query.page, limit: request.query.limit }),
  });

  app.get('/offer-templates/:id', {
    onRequest: read,
    schema: { tags, ...ext, summary: 'Get an offer template', params: TemplateIdParams, response: { 200: template, ...errors } },
    handler: async (request) => getTemplate(apiTokenContext(deps, request), { templateId: request.params.id }),
  });

  app.put('/offer-templates/:id', {
    onRequest: write,
    schema: {
      tags,
      ...ext,
      summary: 'Update an offer template (partial; offers created from it keep their copy)',
      params: TemplateIdParams,
      body: UpdateTemplateBody,
      response: { 200: template, ...bodyErrors },
    },
    handler: async (request) => updateTemplate(apiTokenContext(deps, request), { templateId: request.params.id, changes: request.body }),
  });

  app.delete('/offer-templates/:id', {
    onRequest: write,
    schema: {
      tags,
      ...ext,
      summary: 'Delete an offer template (offers created from it are unaffected)',
      params: TemplateIdParams,
      response: { 204: Type.Null(), ...errors },
    },
    handler: async (request, reply) => {
      await deleteTemplate(apiTokenContext(deps, request), { templateId: request.params.id });
      return reply.status(204).send(null);
    },
  });
}
