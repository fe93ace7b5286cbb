// The payer's hosted invoice page at PUBLIC_URL/invoice/{slug} (outside /api/v2: no merchant auth,
// the unguessable slug is the credential). JSON side routes let the page pick a currency, poll the
// status and, on the sandbox network, simulate the payer and the chain.
import crypto from 'node:crypto';
import QRCode from 'qrcode';
import type { FastifyRequest } from 'fastify';
import type { App, Deps } from '../../platform/deps.js';
import { pageSecurityHeaders } from '../../platform/page-security.js';
import { MerchantApiError } from '../errors.js';
import { formatUnits, max, parseUnits } from '../money.js';
import { networkOf } from '../network/index.js';
import * as service from '../service.js';
import { renderNotFound, renderPage } from './html.js';
import { pageView } from './view.js';

type SlugRequest = FastifyRequest<{ Params: { slug: string }; Body: unknown }>;

const SCHEMES: Record<string, string> = { BTC: 'bitcoin', LTC: 'litecoin', ETH: 'ethereum' };

class PageNotFound extends Error {}

async function load(deps: Deps, slug: string) {
  const found = await service.invoiceBySlug(deps, slug);
  if (!found) throw new PageNotFound();
  const network = networkOf(deps);
  const view = pageView(found.invoice, found.transactions, deps.clock.now(), {
    sandbox: network.simulated,
    quote: (currency) => network.quote(found.invoice.amount, found.invoice.currency, currency),
  });
  return { ...found, view, ref: { organisationId: found.invoice.organisation_id, key: { id: found.invoice.id } } };
}

export function registerInvoicePage(app: App, deps: Deps): void {
  void app.register(async (page) => {
    page.setErrorHandler((error, request, reply) => {
      pageSecurityHeaders(reply);
      if (error instanceof PageNotFound) return reply.status(404).send({ error: 'Invoice not found.', code: 'not_found' });
      if (error instanceof MerchantApiError) {
        const body = error.body as { errors?: Record<string, string>; error?: string };
        const detail = body.error ?? Object.values(body.errors ?? {})[0] ?? 'Request refused.';
        return reply.status(error.status === 403 ? 403 : 400).send({ error: detail, detail });
      }
      if ((error as { statusCode?: number }).statusCode === 400 || (error as { validation?: unknown }).validation)
        return reply.status(400).send({ error: 'Bad request.', detail: 'Bad request.' });
      request.log.error({ err: error }, 'invoice page failed');
      return reply.status(500).send({ error: 'Internal error.', detail: 'Internal error.' });
    });

    page.get<{ Params: { slug: string } }>('/invoice/:slug', {
      schema: { hide: true },
      handler: async (request, reply) => {
        const found = await service.invoiceBySlug(deps, request.params.slug);
        if (!found) return pageSecurityHeaders(reply).status(404).type('text/html; charset=utf-8').send(renderNotFound());
        const { view } = await load(deps, request.params.slug);
        let qr: string | null = null;
        if (view.address) {
          const scheme = SCHEMES[view.sender_currency ?? ''];
          const text = scheme ? `${scheme}:${view.address}?amount=${view.remaining}` : view.address;
          qr = await QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
        }
        const nonce = crypto.randomBytes(16).toString('base64');
        return pageSecurityHeaders(reply, nonce).type('text/html; charset=utf-8').send(renderPage(view, qr, nonce));
      },
    });

    page.get<{ Params: { slug: string } }>('/invoice/:slug/status', {
      schema: { hide: true },
      handler: async (request, reply) => {
        const { view } = await load(deps, request.params.slug);
        return pageSecurityHeaders(reply).send(view);
      },
    });

    page.post('/invoice/:slug/currency', {
      schema: { hide: true },
      handler: async (request: SlugRequest, reply) => {
        const { ref } = await load(deps, request.params.slug);
        const currency = (request.body as { currency?: unknown } | null)?.currency;
        await service.pickCurrency(deps, ref, typeof currency === 'string' ? currency : undefined);
        return pageSecurityHeaders(reply).send((await load(deps, request.params.slug)).view);
      },
    });

    page.post('/invoice/:slug/sandbox/payments', {
      schema: { hide: true },
      handler: async (request: SlugRequest, reply) => {
        let { ref, invoice, view } = await load(deps, request.params.slug); // eslint-disable-line prefer-const
        const body = (request.body ?? {}) as { currency?: unknown; partial?: unknown };
        const currency = typeof body.currency === 'string' ? body.currency : undefined;
        const payment: Record<string, unknown> = { ...(currency ? { currency } : {}) };
        if (body.partial === true) {
          if (!invoice.address) {
            await service.pickCurrency(deps, ref, currency);
            ({ invoice, view } = await load(deps, request.params.slug));
          }
          payment.amount = formatUnits(max(1n, (parseUnits(view.remaining) ?? 0n) / 2n));
        }
        await service.simulatePayment(deps, ref, payment);
        return pageSecurityHeaders(reply).send((await load(deps, request.params.slug)).view);
      },
    });

    page.post('/invoice/:slug/sandbox/confirmations', {
      schema: { hide: true },
      handler: async (request: SlugRequest, reply) => {
        const { ref } = await load(deps, request.params.slug);
        await service.simulateConfirmations(deps, ref, {});
        return pageSecurityHeaders(reply).send((await load(deps, request.params.slug)).view);
      },
    });
  });
}
