// The webhooks screen for owners and admins (webhooks.manage): endpoints added, changed, enabled,
// disabled, deleted and their secrets rotated through the same use cases as the webhook API; each
// endpoint's delivery log with "send again". A secret is shown once, on the response to the POST that
// made it, with `Cache-Control: no-store` (every page of the screen is no-store). Every id is looked up
// in the session's organisation: another organisation's endpoint or delivery is a 404.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../platform/deps.js';
import { AppError, notFound } from '../platform/errors.js';
import { UUID } from '../platform/schemas.js';
import { createEndpoint } from '../webhooks/create-endpoint.js';
import { deleteEndpoint } from '../webhooks/delete-endpoint.js';
import { findDelivery } from '../webhooks/deliveries-repository.js';
import { getEndpoint, listEndpoints } from '../webhooks/endpoint-queries.js';
import { EVENT_NAMES } from '../webhooks/events.js';
import { listDeliveries } from '../webhooks/list-deliveries.js';
import { redeliver } from '../webhooks/redeliver.js';
import { rotateSecret } from '../webhooks/rotate-secret.js';
import { updateEndpoint } from '../webhooks/update-endpoint.js';
import { sendPage } from './layout.js';
import type { ConsoleKit } from './plugin.js';
import { localiseError } from './error-texts.js';
import { langOfRequest } from './session.js';
import { DELIVERIES_PER_PAGE, webhookEndpointView } from './webhook-endpoint-view.js';
import { webhookTextsFor } from './webhooks-texts.js';
import { WEBHOOKS_PATH, type WebhookNotice, webhooksView } from './webhooks-view.js';

type Fields = Record<string, string | undefined>;
type Draft = { url: string; description: string | null; events: string[] };

/** The form's URL and ticked events (names outside the catalogue are left for the use case to refuse). */
function draftOf(request: FastifyRequest): Draft {
  const fields = (request.body ?? {}) as Fields;
  const events = Object.keys(fields)
    .filter((key) => key.startsWith('event.') && fields[key] === 'on')
    .map((key) => key.slice('event.'.length));
  return { url: (fields.url ?? '').trim(), description: (fields.description ?? '').trim() || null, events };
}

/** A refusal of the use case to show on the page; anything else (404, 5xx) goes to the error page. */
const refusal = (error: unknown): AppError | null =>
  error instanceof AppError && error.status !== 404 && error.status < 500 ? error : null;

const idParam = (request: FastifyRequest, name = 'id'): string => {
  const id = (request.params as Record<string, string>)[name] ?? '';
  if (!UUID.test(id)) throw notFound('Webhook');
  return id.toLowerCase();
};

const pageParam = (request: FastifyRequest): number => {
  const raw = (request.query as Fields).page ?? '1';
  return /^[1-9][0-9]{0,6}$/.test(raw) ? Number(raw) : 1;
};

export function registerWebhooksRoutes(app: App, kit: ConsoleKit): void {
  const manage = { schema: { hide: true }, preHandler: kit.guard('webhooks.manage') };
  // The copy script (/app/assets/copy.js) is registered by the tokens screen.

  /** The problem of a draft the route refuses before the use case (which checks URL safety and event names). */
  const draftProblem = (request: FastifyRequest, draft: Draft): string | null => {
    const t = webhookTextsFor(langOfRequest(request));
    if (!draft.url || draft.url.length > 2048) return t.urlRequired;
    if ((draft.description ?? '').length > 500) return t.descriptionTooLong;
    if (!draft.events.length || draft.events.length > EVENT_NAMES.length + 1) return t.eventsRequired;
    return null;
  };

  const sendList = async (request: FastifyRequest, reply: FastifyReply, notice: WebhookNotice, status = 200, draft?: Draft) => {
    const view = webhooksView(langOfRequest(request), kit.signed(request), await listEndpoints(kit.context(request)), notice, draft);
    return sendPage(reply.header('cache-control', 'no-store'), view, status);
  };

  const sendEndpoint = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    notice: WebhookNotice,
    status = 200,
    draft?: Draft,
  ) => {
    const ctx = kit.context(request);
    const endpoint = await getEndpoint(ctx, { id });
    const page = pageParam(request);
    const { data, total } = await listDeliveries(ctx, {
      endpointId: id,
      limit: DELIVERIES_PER_PAGE,
      offset: (page - 1) * DELIVERIES_PER_PAGE,
    });
    const view = webhookEndpointView(langOfRequest(request), kit.signed(request), endpoint, { data, total, page }, notice, draft);
    return sendPage(reply.header('cache-control', 'no-store'), view, status);
  };

  const failed = (request: FastifyRequest, refused: AppError): WebhookNotice => {
    const lang = langOfRequest(request);
    const t = webhookTextsFor(lang);
    const error = localiseError(refused, lang);
    return { error: t.failed, problems: error.violations.length ? error.violations.map((v) => v.message) : [error.message] };
  };

  const doneText = (request: FastifyRequest): string | undefined => {
    const t = webhookTextsFor(langOfRequest(request));
    const done = (request.query as Fields).done;
    const texts: Record<string, string> = {
      saved: t.saved,
      deleted: t.deleted,
      enabled: t.enabledDone,
      disabled: t.disabledDone,
      redelivered: t.redelivered,
    };
    return done ? texts[done] : undefined;
  };

  app.get(WEBHOOKS_PATH, manage, (request, reply) => sendList(request, reply, { done: doneText(request) }));

  app.post(WEBHOOKS_PATH, manage, async (request, reply) => {
    const draft = draftOf(request);
    const problem = draftProblem(request, draft);
    if (problem) return sendList(request, reply, { error: problem }, 400, draft);
    try {
      const created = await createEndpoint(kit.context(request), { url: draft.url, description: draft.description, events: draft.events });
      return sendEndpoint(request, reply, created.id, { secret: { value: created.secret, rotated: false } }, 201);
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      return sendList(request, reply, failed(request, refused), refused.status, draft);
    }
  });

  app.get(`${WEBHOOKS_PATH}/:id`, manage, (request, reply) => sendEndpoint(request, reply, idParam(request), { done: doneText(request) }));

  app.post(`${WEBHOOKS_PATH}/:id`, manage, async (request, reply) => {
    const id = idParam(request);
    const draft = draftOf(request);
    const problem = draftProblem(request, draft);
    if (problem) return sendEndpoint(request, reply, id, { error: problem }, 400, draft);
    try {
      await updateEndpoint(kit.context(request), { id, url: draft.url, description: draft.description, events: draft.events });
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      return sendEndpoint(request, reply, id, failed(request, refused), refused.status, draft);
    }
    return reply.redirect(`${WEBHOOKS_PATH}/${id}?done=saved`, 303);
  });

  for (const [action, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    app.post(`${WEBHOOKS_PATH}/:id/${action}`, manage, async (request, reply) => {
      const id = idParam(request);
      await updateEndpoint(kit.context(request), { id, enabled });
      return reply.redirect(`${WEBHOOKS_PATH}/${id}?done=${action}d`, 303);
    });
  }

  app.post(`${WEBHOOKS_PATH}/:id/rotate-secret`, manage, async (request, reply) => {
    const id = idParam(request);
    const rotated = await rotateSecret(kit.context(request), { id });
    return sendEndpoint(request, reply, id, { secret: { value: rotated.secret, rotated: true } });
  });

  app.post(`${WEBHOOKS_PATH}/:id/delete`, manage, async (request, reply) => {
    await deleteEndpoint(kit.context(request), { id: idParam(request) });
    return reply.redirect(`${WEBHOOKS_PATH}?done=deleted`, 303);
  });

  app.post(`${WEBHOOKS_PATH}/:id/deliveries/:deliveryId/redeliver`, manage, async (request, reply) => {
    const id = idParam(request);
    const deliveryId = idParam(request, 'deliveryId');
    const ctx = kit.context(request);
    // The delivery must be this endpoint's (and so this organisation's).
    const delivery = await findDelivery(ctx.deps.db, ctx.organisationId, deliveryId);
    if (!delivery || delivery.endpoint_id !== id) throw notFound('Delivery');
    try {
      await redeliver(ctx, { id: deliveryId });
    } catch (error) {
      const refused = refusal(error);
      if (!refused) throw error;
      return sendEndpoint(request, reply, id, failed(request, refused), refused.status);
    }
    return reply.redirect(`${WEBHOOKS_PATH}/${id}?done=redelivered`, 303);
  });
}
