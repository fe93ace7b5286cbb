// Publish, cancel signing and archive from the offer's detail page: each calls the offers use case
// with the session's context, then redirects back with how it ended; a refusal (no recipients, wrong
// state …) shows the detail page again with the reason in words.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { archiveOffer } from '../offers/archive.js';
import { cancelSigning } from '../offers/cancel-signing.js';
import { publishOffer } from '../offers/publish.js';
import { getOffer, listActivities } from '../offers/queries.js';
import { classifyError } from '../platform/classify-error.js';
import type { Context } from '../platform/context.js';
import type { App } from '../platform/deps.js';
import { sendPage } from './layout.js';
import type { Done, OfferNotice } from './offer-actions-view.js';
import { offerView } from './offer-view.js';
import type { ConsoleKit } from './plugin.js';
import { localiseError } from './error-texts.js';
import { langOfRequest } from './session.js';

type Run = (ctx: Context, offerId: string) => Promise<Done>;

const RUNS: Record<string, Run> = {
  publish: async (ctx, offerId) => ((await publishOffer(ctx, { offerId })).outcome === 'PUBLISHED' ? 'published' : 'approval'),
  'cancel-signing': async (ctx, offerId) => {
    await cancelSigning(ctx, { offerId });
    return 'cancelled';
  },
  archive: async (ctx, offerId) => {
    await archiveOffer(ctx, { offerId });
    return 'archived';
  },
};

/** The detail page of the session's offer (404 for another organisation's), with a banner. */
export async function sendOfferPage(kit: ConsoleKit, request: FastifyRequest, reply: FastifyReply, notice: OfferNotice, status = 200) {
  const ctx = kit.context(request);
  const offer = await getOffer(ctx, { offerId: (request.params as { id: string }).id });
  const activities = await listActivities(ctx, { offerId: offer.id });
  return sendPage(reply, offerView(langOfRequest(request), kit.signed(request), offer, activities, notice), status);
}

export function registerOfferActionRoutes(app: App, kit: ConsoleKit): void {
  const write = { schema: { hide: true }, preHandler: kit.guard('offers.write') };
  for (const [path, run] of Object.entries(RUNS)) {
    app.post(`/app/offers/:id/${path}`, write, async (request, reply) => {
      const { id } = request.params as { id: string };
      try {
        const done = await run(kit.context(request), id);
        return reply.redirect(`/app/offers/${encodeURIComponent(id)}?done=${done}`, 303);
      } catch (error) {
        const appError = localiseError(classifyError(error), langOfRequest(request));
        // Not found, forbidden and failures answer as the console's error pages do.
        if (appError.status >= 500 || appError.status === 404 || appError.status === 403) throw error;
        const detail = [appError.message, ...appError.violations.map((v) => v.message)].join(' ');
        return sendOfferPage(kit, request, reply, { error: detail }, appError.status);
      }
    });
  }
}
