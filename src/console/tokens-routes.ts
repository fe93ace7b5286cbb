// API tokens and the merchant key for owners and admins: list, create, rotate and revoke tokens;
// rotate the merchant key pair. A new secret is shown once, on the response to the POST that made
// it, sent with `Cache-Control: no-store`; nothing else ever shows or logs it. Every token is
// looked up in the session's organisation (another organisation's id is a 404).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createApiToken, listApiTokens, revokeApiToken } from '../organisations/api-tokens.js';
import { SCOPES } from '../organisations/credentials.js';
import { findOrganisation, findMerchantMode } from '../organisations/repository.js';
import { rotateApiToken } from '../organisations/rotate-api-token.js';
import { rotateMerchantKey } from '../organisations/rotate-merchant-key.js';
import type { App } from '../platform/deps.js';
import { AppError, notFound } from '../platform/errors.js';
import { UUID } from '../platform/schemas.js';
import { findActiveMerchantKey } from '../webhooks/callback-urls-repository.js';
import { registerCopyScript } from './copy-script.js';
import { sendPage } from './layout.js';
import type { ConsoleKit } from './plugin.js';
import { langOfRequest } from './session.js';
import { textsFor } from './texts.js';
import { TOKENS_PATH, tokensView, type MerchantKeyFacts, type TokensNotice } from './tokens-view.js';

type Fields = Record<string, string | undefined>;

export function registerTokensRoutes(app: App, kit: ConsoleKit): void {
  // Whoever manages the organisation's people manages its credentials (owner, admin).
  const manage = { schema: { hide: true }, preHandler: kit.guard('users.manage') };
  const { deps } = kit;
  registerCopyScript(app);

  const merchantFacts = async (organisationId: string): Promise<MerchantKeyFacts> => {
    const [organisation, mode, key] = await Promise.all([
      findOrganisation(deps.db, organisationId),
      findMerchantMode(deps.db, organisationId),
      findActiveMerchantKey(deps.db, organisationId),
    ]);
    return {
      key: key?.key ?? null,
      timestampedSignatures: organisation?.features.timestamped_signatures ?? false,
      live: mode?.merchant_mode === 'live',
    };
  };
  const send = async (request: FastifyRequest, reply: FastifyReply, notice: TokensNotice, status = 200) => {
    const signed = kit.signed(request);
    const ctx = kit.context(request);
    const view = tokensView(langOfRequest(request), signed, await listApiTokens(ctx), await merchantFacts(ctx.organisationId), notice);
    // A page that may hold a secret is never kept by the browser or a proxy.
    return sendPage(reply.header('cache-control', 'no-store'), view, status);
  };
  /** The token id of the URL, when it is one of the session organisation's tokens. */
  const ownTokenId = async (request: FastifyRequest): Promise<string> => {
    const id = (request.params as { id: string }).id;
    if (!UUID.test(id)) throw notFound('API token');
    const tokens = await listApiTokens(kit.context(request));
    const token = tokens.find((candidate) => candidate.id === id.toLowerCase());
    if (!token) throw notFound('API token');
    return token.id;
  };
  const refused = (error: unknown) => !(error instanceof AppError) || error.status === 404 || error.status >= 500;

  app.get(TOKENS_PATH, manage, (request, reply) => send(request, reply, {}));

  app.post(TOKENS_PATH, manage, async (request, reply) => {
    const fields = (request.body ?? {}) as Fields;
    const t = textsFor(langOfRequest(request));
    const label = (fields.label ?? '').trim();
    const scopes = SCOPES.filter((scope) => fields[`scope.${scope}`] === 'on');
    if (!scopes.length) return send(request, reply, { error: t.tokenScopesRequired }, 400);
    if (label.length > 100) return send(request, reply, { error: t.tokenLabelTooLong }, 400);
    const created = await createApiToken(kit.context(request), { label, scopes });
    return send(request, reply, { token: { label: created.label ?? '–', token: created.token, rotated: false } }, 201);
  });

  app.post(`${TOKENS_PATH}/:id/revoke`, manage, async (request, reply) => {
    // The use case addresses a token by id alone (admin API); ownTokenId checked the organisation.
    const tokenId = await ownTokenId(request);
    await revokeApiToken({ ...kit.context(request), organisationId: null }, { tokenId });
    return reply.redirect(TOKENS_PATH, 303);
  });

  app.post(`${TOKENS_PATH}/:id/rotate`, manage, async (request, reply) => {
    try {
      const rotated = await rotateApiToken(kit.context(request), { tokenId: await ownTokenId(request) });
      return send(request, reply, { token: { label: rotated.label ?? '–', token: rotated.token, rotated: true } }, 201);
    } catch (error) {
      if (refused(error)) throw error;
      const t = textsFor(langOfRequest(request));
      return send(request, reply, { error: t.tokenAlreadyRevoked }, (error as AppError).status);
    }
  });

  app.post('/app/organisation/merchant-key/rotate', manage, async (request, reply) => {
    const issued = await rotateMerchantKey(kit.context(request));
    return send(request, reply, { merchant: { key: issued.key, secret: issued.secret } }, 201);
  });
}
