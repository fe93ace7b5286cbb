// Builds the HTTP application from the bounded contexts. No I/O happens here beyond what the
// given dependencies do, so tests build it with `app.inject` against a fresh database.
import { cspNonce } from './platform/crypto.js';
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { registerConsole } from './console/plugin.js';
import { registerInvoicePage } from './invoices/page/routes.js';
import { authErrors, sendMerchantError, toMerchantError } from './invoices/errors.js';
import { registerMerchantApi } from './invoices/plugin.js';
import { registerOffersRoutes } from './offers/routes.js';
import { registerApiDocs } from './operations/api-docs.js';
import { registerMetricsRoutes } from './operations/metrics.js';
import { registerOperationsRoutes } from './operations/routes.js';
import { registerOrganisationAdminRoutes } from './organisations/admin-routes.js';
import { registerMerchantAdminRoutes } from './organisations/merchant-admin-routes.js';
import { registerProfileRoutes } from './organisations/profile-routes.js';

import { registerWebhookRoutes } from './webhooks/routes.js';
import { classifyError } from './platform/classify-error.js';
import type { App, Deps } from './platform/deps.js';
import { clientErrorHandler } from './platform/client-errors.js';
import { AppError } from './platform/errors.js';
import { registerIdempotency } from './platform/idempotency.js';
import { BODY_LIMIT_BYTES, MAX_URL_BYTES } from './platform/limits.js';
import { loggerOptions, requestId, requestLogController } from './platform/logging.js';
import { sendProblem } from './platform/problem.js';
import { langFromAcceptLanguage } from './platform/locale-format.js';
import { prefersHtml, renderNotFoundPage } from './platform/not-found-page.js';
import { pageSecurityHeaders } from './platform/page-security.js';
import { trackRouteMethods } from './platform/route-methods.js';
import { lazySerializerFactory } from './platform/serialization.js';
import { publicTooMany, registerThrottling } from './platform/throttle.js';
import { validatorCompiler } from './platform/validation.js';
import { ProblemSchema } from './platform/schemas.js';

export interface BuildOptions {
  /** Replaces the JSON logger (tests pass false). */
  logger?: boolean;
  /** Where the JSON log lines go instead of stdout (tests that read them). */
  logStream?: { write(line: string): void };
}

const isMerchantUrl = (url: string) => url === '/api/v2' || url.startsWith('/api/v2/') || url.startsWith('/api/v2?');

export async function buildApp(deps: Deps, options: BuildOptions = {}): Promise<App> {
  const limits = deps.config.limits;
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : { ...loggerOptions(deps.config.logLevel), ...(options.logStream ? { stream: options.logStream } : {}) },
    genReqId: requestId,
    logController: requestLogController(deps.config.requestLog),
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    // A parameter may be as long as any URL Node's HTTP parser lets through (16 KiB of headers): a
    // Merchant API foreign_id of 255 characters, percent-encoded, is far past the default 100, and a
    // longer one must reach the route for the vendor's "Invoice not found." instead of a bare 414.
    routerOptions: { maxParamLength: 16 * 1024 },
    forceCloseConnections: 'idle',
    trustProxy: limits.trustProxy,
    // A slow client holds a socket at most this long (a slow body gets a 408: platform/client-errors.ts).
    // Node looks for expired requests every connectionsCheckingInterval (30 s by default, which let a
    // slow-body socket live 330 s), so it looks as often as the shortest timeout needs.
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    clientErrorHandler: clientErrorHandler((url, error) => (isMerchantUrl(url) ? toMerchantError(error).body : null)),
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory } },
    // A URL the router cannot decode (bad percent-encoding) answers in the surface's own format.
    frameworkErrors: (_error, request, reply) => {
      reply.header('x-request-id', request.id);
      if (isMerchantUrl(request.url)) return sendMerchantError(request, reply, authErrors.noKey());
      return sendProblem(request, reply, new AppError('bad_request', 'The URL is malformed (invalid percent-encoding).'));
    },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
  app.server.maxConnections = limits.maxConnections;

  app.setValidatorCompiler(validatorCompiler());
  const routeMethods = trackRouteMethods(app);
  // An empty body sent as application/json (openapi-fetch does so for body-less POSTs) is no body:
  // routes without a body schema accept it, routes with one answer their 422.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, undefined);
    else parseJson(request, body as string, done);
  });
  app.decorateRequest('principal', null);
  registerIdempotency(app, deps);
  // Served over https (PUBLIC_URL says so): browsers keep to https for a year.
  const hsts = deps.config.publicUrl.startsWith('https:');
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (hsts) reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (request.url.length > MAX_URL_BYTES) {
      const error = new AppError('uri_too_long', `The URL is longer than ${MAX_URL_BYTES} bytes.`);
      return isMerchantUrl(request.url) ? sendMerchantError(request, reply, error) : sendProblem(request, reply, error);
    }
  });
  await registerThrottling(app, deps, {
    admin: sendProblem,
    offers: sendProblem,
    public: publicTooMany,
    merchant: (request, reply, error) => sendMerchantError(request, reply.header('retry-after', String(error.retryAfterSeconds)), error),
  });

  app.addSchema(ProblemSchema);
  await registerApiDocs(app, deps);

  app.setErrorHandler((error, request, reply) => {
    const appError = classifyError(error);
    if (appError.code === 'internal') request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, appError);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    const allowed = routeMethods.allowed(path);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return sendProblem(
        request,
        reply,
        new AppError('method_not_allowed', `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}.`),
      );
    }
    // A browser gets a page it can read; an API client its problem+json.
    if (prefersHtml(request)) {
      const nonce = cspNonce();
      const lang = langFromAcceptLanguage(request.headers['accept-language']);
      return pageSecurityHeaders(reply, nonce)
        .status(404)
        .type('text/html; charset=utf-8')
        .send(renderNotFoundPage(lang, 'page', nonce));
    }
    return sendProblem(request, reply, new AppError('not_found', `No route for ${request.method} ${path}.`));
  });

  // Every route module: registerXRoutes(app, deps). Metrics before the modules that read `app.metrics`.
  for (const register of [
    registerOperationsRoutes,
    registerMetricsRoutes,
    registerOrganisationAdminRoutes,
    registerWebhookRoutes,
    registerMerchantAdminRoutes,
    registerOffersRoutes,
    registerProfileRoutes,
  ]) {
    register(app, deps);
  }
  await registerMerchantApi(app, deps);
  registerInvoicePage(app, deps);
  await registerConsole(app, deps);

  return app;
}
