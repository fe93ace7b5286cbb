// The offers screens: the list (the same use case and query parser as GET /offers, with the
// filters in the URL) and one offer with its recipients, documents and timeline.
import type { FastifyRequest } from 'fastify';
import { createDownloadToken } from '../offers/media.js';
import { listOffers } from '../offers/list-page.js';
import { parseListQuery } from '../offers/list-query.js';
import { getOffer } from '../offers/queries.js';
import type { App } from '../platform/deps.js';
import { AppError, notFound } from '../platform/errors.js';
import { sendPage } from './layout.js';
import { sendOfferPage } from './offer-actions-routes.js';
import { offerDocuments } from './offer-view.js';
import { offersListView, type ConsoleQuery } from './offers-list-view.js';
import type { ConsoleKit } from './plugin.js';
import { localiseError } from './error-texts.js';
import { langOfRequest } from './session.js';

const hide = { schema: { hide: true } };

const consoleQuery = (raw: unknown): ConsoleQuery =>
  Object.fromEntries(Object.entries((raw ?? {}) as Record<string, unknown>).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]).map(String)]));

/** The console's `sort` and `dir` become the seed's `order[field]=dir`; everything else passes as GET /offers takes it. */
export function apiQuery(query: ConsoleQuery): Record<string, unknown> {
  const { sort, dir, ...rest } = query;
  const field = sort?.[0];
  return field ? { ...rest, [`order[${field}]`]: dir?.[0] || 'desc' } : rest;
}

export function registerOfferRoutes(app: App, kit: ConsoleKit): void {
  const read = { ...hide, preHandler: kit.guard('offers.read') };

  app.get('/app/offers', read, async (request, reply) => {
    const query = consoleQuery(request.query);
    const lang = langOfRequest(request);
    const signed = kit.signed(request);
    try {
      const list = await listOffers(kit.context(request), parseListQuery(apiQuery(query)));
      return sendPage(reply, offersListView(lang, signed, query, { list }));
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'validation') throw error;
      const e = localiseError(error, lang);
      const detail = [e.message, ...e.violations.map((v) => `${v.propertyPath}: ${v.message}`)].join(' ');
      return sendPage(reply, offersListView(lang, signed, query, { error: detail }), 400);
    }
  });

  const offerOf = (request: FastifyRequest) => getOffer(kit.context(request), { offerId: (request.params as { id: string }).id });

  app.get('/app/offers/:id', read, async (request, reply) => {
    const done = (request.query as { done?: unknown } | undefined)?.done;
    return sendOfferPage(kit, request, reply, { done: typeof done === 'string' ? done : undefined });
  });

  // A document of the offer: a short-lived download link of the media API, minted for this user.
  app.get('/app/offers/:id/documents/:mediaId', read, async (request, reply) => {
    const offer = await offerOf(request);
    const mediaId = (request.params as { mediaId: string }).mediaId;
    if (!offerDocuments(offer, 'en').some(([id]) => id === mediaId)) throw notFound('Document');
    const link = await createDownloadToken(kit.context(request), { mediaId });
    return reply.header('cache-control', 'no-store').redirect(link.url, 303);
  });
}
