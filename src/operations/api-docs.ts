// The OpenAPI document and the interactive reference at /docs (Swagger UI, served from this server).
// The page's CSP admits scripts and styles from this host only, plus the hash of the one inline style
// Swagger UI applies; it connects to this host only. Its "Try it out" signs Merchant API requests in
// the browser (api-docs-assets.ts): the merchant secret is typed in and never leaves the tab.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { App, Deps } from '../platform/deps.js';
import { SIGNING_JS, THEME_CSS } from './api-docs-assets.js';
import { withRealExamples } from './openapi-examples.js';

/** The inline style Swagger UI 5 applies while it renders (its hash, as Chromium reports it). */
const SWAGGER_UI_INLINE_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

export async function registerApiDocs(app: App, deps: Deps): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'offerpay',
        version: '0.1.0',
        description:
          'Self-hostable quote-to-cash server. The Offers API is wire-compatible with Fynn V2 offers (2026-06); ' +
          "the Merchant API under /api/v2 with CryptoProcessing Merchant V2. Paths and fields marked `x-offerpay-extension` are not in the vendors' APIs " +
          '(among them the organisation profile, /organisation, and the offer totals).\n\n' +
          'To try the Merchant API here, type the merchant key and secret into the form above the operations: the page signs each request ' +
          '(X-Processing-Signature, HMAC-SHA512 of the body) in your browser, and the secret is never sent.',
      },
      servers: [{ url: deps.config.publicUrl }],
      components: {
        securitySchemes: {
          ApiToken: { type: 'http', scheme: 'bearer', description: 'API token of the organisation: Authorization: Bearer api_…' },
          AdminToken: { type: 'http', scheme: 'bearer', description: "The server's ADMIN_TOKEN." },
          xProcessingKey: { type: 'apiKey', in: 'header', name: 'X-Processing-Key' },
        },
      },
      security: [{ ApiToken: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transformObject: (documentObject) => withRealExamples((documentObject as { openapiObject: Record<string, unknown> }).openapiObject),
  });
  const https = deps.config.publicUrl.startsWith('https:');
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: [
      "default-src 'self'",
      "base-uri 'self'",
      "connect-src 'self'",
      "font-src 'self' data:",
      "form-action 'self'",
      "frame-ancestors 'self'",
      "img-src 'self' data:",
      "object-src 'none'",
      "script-src 'self'",
      "script-src-attr 'none'",
      `style-src 'self' ${SWAGGER_UI_INLINE_STYLE}`,
      ...(https ? ['upgrade-insecure-requests'] : []),
    ].join('; '),
    // BaseLayout: no top bar (its "explore" box fetched any URL typed in). No deep links: their
    // anchors sit inside the operation's toggle button (nested controls, axe).
    uiConfig: {
      layout: 'BaseLayout',
      deepLinking: false,
      tryItOutEnabled: false,
      persistAuthorization: false,
      requestInterceptor: function signMerchantRequests(request: unknown) {
        const sign = (globalThis as unknown as { offerpaySign?: (r: unknown) => unknown }).offerpaySign;
        return sign ? sign(request) : request;
      },
    } as Record<string, unknown>,
    theme: {
      title: 'offerpay API reference',
      js: [{ filename: 'offerpay-signing.js', content: SIGNING_JS }],
      css: [{ filename: 'offerpay.css', content: THEME_CSS }],
    },
  });
}
