// The payer's hosted invoice page at PUBLIC_URL/invoice/{slug} (outside /api/v2: no merchant auth,
// the unguessable slug is the credential). JSON side routes let the page pick a currency, poll the
// status and, on the sandbox network, simulate the payer and the chain.
import { cspNonce } from '../../platform/crypto.js';
import QRCode from 'qrcode';
import type { FastifyRequest } from 'fastify';
import { requestMeta, type Context } from '../../platform/context.js';
import type { App, Deps } from '../../platform/deps.js';
import { pageSecurityHeaders } from '../../platform/page-security.js';
import { pageErrors, toPageError } from '../errors.js';
import { pickCurrency } from '../lifecycle.js';
import { formatUnits, max, parseUnits } from '../money.js';
import { invoiceNetwork } from '../network/select.js';
import { invoiceBySlug } from '../queries.js';
import { sumsOf } from '../serialize.js';
import { parseSimulateConfirmations, parseSimulatePayment } from '../requests.js';
import { requireSandboxInvoice, simulateConfirmations, simulatePayment } from '../sandbox-api.js';
import { langFromAcceptLanguage, type Lang } from '../../platform/locale-format.js';
import { prefersHtml, renderNotFoundPage } from '../../platform/not-found-page.js';
import { logoUrl } from '../../organisations/logo.js';
import { loadProfile } from '../../organisations/profile.js';
import { cryptoAmount, sandboxPaymentUri } from './format.js';
import { renderPage } from './html.js';
import { liveView } from './live.js';
import { pageView } from './view.js';

type SlugRequest = FastifyRequest<{ Params: { slug: string }; Body: unknown }>;

// The payer holds the link, as an offer's recipient does: the slug is the credential and names the organisation.
const pageContext = (deps: Deps, request: FastifyRequest): Context<null> => ({
  deps,
  organisationId: null,
  actor: { kind: 'recipient' },
  request: requestMeta(request),
});

async function load(deps: Deps, request: FastifyRequest<{ Params: { slug: string } }>, lang: Lang = 'en') {
  const anonymous = pageContext(deps, request);
  const found = await invoiceBySlug(anonymous, { slug: request.params.slug });
  if (!found) throw pageErrors.notFound();
  const network = invoiceNetwork(deps, found.invoice);
  const { invoice, transactions } = found;
  const due = invoice.sender_amount === null ? null : max(0n, sumsOf(invoice, transactions).due - sumsOf(invoice, transactions).seen);
  const view = pageView(invoice, transactions, deps.clock.now(), {
    sandbox: network.simulated && !invoice.live,
    quote: (currency) => network.quote(invoice.amount, invoice.currency, currency),
    live: invoice.live ? liveView(deps.config.evmNetworks, network, invoice, due, transactions, lang) : null,
  });
  const ctx: Context = { ...anonymous, organisationId: found.invoice.organisation_id };
  return { ...found, view, ctx, key: { id: found.invoice.id } };
}

export function registerInvoicePage(app: App, deps: Deps): void {
  void app.register(async (page) => {
    page.setErrorHandler((error, request, reply) => {
      pageSecurityHeaders(reply);
      const e = toPageError(error);
      if (e.status >= 500) request.log.error({ err: error }, 'invoice page failed');
      return reply.status(e.status).send(e.body);
    });

    page.get<{ Params: { slug: string } }>('/invoice/:slug', {
      schema: { hide: true },
      handler: async (request, reply) => {
        const lang = langFromAcceptLanguage(request.headers['accept-language']);
        const nonce = cspNonce();
        const found = await invoiceBySlug(pageContext(deps, request), { slug: request.params.slug });
        if (!found) {
          if (!prefersHtml(request, true)) throw pageErrors.notFound();
          return pageSecurityHeaders(reply, nonce)
            .status(404)
            .type('text/html; charset=utf-8')
            .send(renderNotFoundPage(lang, 'invoice', nonce));
        }
        const { view, invoice } = await load(deps, request, lang);
        const profile = await loadProfile(deps.db, invoice.organisation_id);
        const paymentUri =
          view.live?.payment_uri ??
          (view.address && view.sender_currency && !view.live
            ? sandboxPaymentUri(view.sender_currency, view.address, cryptoAmount(view.remaining, view.sender_currency))
            : null);
        // The QR code holds what the wallet link holds; without a URI (a token with no contract to name), the address.
        const qrText = view.status === 'processing' ? null : (paymentUri ?? view.address);
        const qrSvg = qrText ? await QRCode.toString(qrText, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) : null;
        const merchant = profile?.displayName ?? '';
        const logo = profile ? logoUrl(profile) : null;
        return pageSecurityHeaders(reply, nonce)
          .type('text/html; charset=utf-8')
          .send(renderPage({ view, lang, merchant, logo, paymentUri, qrSvg, nonce }));
      },
    });

    page.get<{ Params: { slug: string } }>('/invoice/:slug/status', {
      schema: { hide: true },
      handler: async (request, reply) => {
        const { view } = await load(deps, request);
        return pageSecurityHeaders(reply).send(view);
      },
    });

    page.post('/invoice/:slug/currency', {
      schema: { hide: true },
      handler: async (request: SlugRequest, reply) => {
        const { ctx, key } = await load(deps, request);
        const currency = (request.body as { currency?: unknown } | null)?.currency;
        await pickCurrency(ctx, { invoice: key, currency: typeof currency === 'string' ? currency : undefined });
        return pageSecurityHeaders(reply).send((await load(deps, request)).view);
      },
    });

    page.post('/invoice/:slug/sandbox/payments', {
      schema: { hide: true },
      handler: async (request: SlugRequest, reply) => {
        let { ctx, key, invoice, view } = await load(deps, request); // eslint-disable-line prefer-const
        requireSandboxInvoice(invoice); // before picking a currency for it
        const body = (request.body ?? {}) as { currency?: unknown; partial?: unknown };
        const currency = typeof body.currency === 'string' ? body.currency : undefined;
        const payment: Record<string, unknown> = { ...(currency ? { currency } : {}) };
        if (body.partial === true) {
          if (!invoice.address) {
            await pickCurrency(ctx, { invoice: key, currency });
            ({ invoice, view } = await load(deps, request));
          }
          payment.amount = formatUnits(max(1n, (parseUnits(view.remaining) ?? 0n) / 2n));
        }
        // The same reading as the Merchant API's sandbox route (the page's fields are a subset).
        await simulatePayment(ctx, parseSimulatePayment(payment, key));
        return pageSecurityHeaders(reply).send((await load(deps, request)).view);
      },
    });

    page.post('/invoice/:slug/sandbox/confirmations', {
      schema: { hide: true },
      handler: async (request: SlugRequest, reply) => {
        const { ctx, key } = await load(deps, request);
        await simulateConfirmations(ctx, parseSimulateConfirmations({}, key));
        return pageSecurityHeaders(reply).send((await load(deps, request)).view);
      },
    });
  });
}
