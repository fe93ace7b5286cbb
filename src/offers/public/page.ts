// The recipient's page at PUBLIC_URL/o/{token}: server-rendered HTML in German or English (the
// offer's locale), readable without JavaScript. Plain HTML forms post to /o/{token}/…, which call the
// same use cases as the Public offer API and redirect back (303) with the outcome in the query; a
// failed invoice-details form is answered with the page itself, filled in as sent (422).
// The only script is inline under a nonce-based CSP (page-layout.ts); nothing comes from another host.
import { cspNonce } from '../../platform/crypto.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadProfile } from '../../organisations/profile.js';
import { classifyError } from '../../platform/classify-error.js';
import type { App, Deps } from '../../platform/deps.js';
import { AppError, type Violation } from '../../platform/errors.js';
import { langFromAcceptLanguage } from '../../platform/locale-format.js';
import { registerUploadScope, uploadBodyLimit } from '../../platform/multipart.js';
import { requireSameOrigin } from '../../platform/page-security.js';
import { acceptOffer } from './accept.js';
import { findOfferByToken } from './access.js';
import { declineOffer } from './decline.js';
import { FIELDS as INVOICE_DETAIL_FIELDS, submitInvoiceDetails } from './invoice-details.js';
import type { DetailsForm } from './page-forms.js';
import { htmlHeaders } from './page-layout.js';
import { renderNotFound, renderOfferMessage } from './page-messages.js';
import { renderOffer } from './page-offer.js';
import { textsFor, type Texts } from './page-texts.js';
import {
  acceptInput,
  declineInput,
  type Fields,
  invoiceDetailsForm,
  PURCHASE_ORDER_UPLOAD,
  recipientContext,
  signInput,
} from './requests.js';
import { signOffer } from './sign.js';
import { readOffer } from './view.js';

type TokenRequest = FastifyRequest<{ Params: { token: string }; Querystring: Record<string, string | undefined> }>;

const DETAIL_FIELDS = new Set<string>([...INVOICE_DETAIL_FIELDS, 'purchaseOrder']);

/** The use case's violations in the page's language, one message per field of the form. */
function fieldErrors(violations: readonly Violation[], fields: Fields, t: Texts): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { propertyPath: key, message } of violations) {
    if (!DETAIL_FIELDS.has(key) || out[key] !== undefined) continue;
    const raw = fields[key];
    const empty = key !== 'purchaseOrder' && (typeof raw !== 'string' || raw.trim() === '');
    out[key] = empty
      ? t.fieldErrors.required
      : message.startsWith('At most')
        ? t.fieldErrors.tooLong
        : (t.fieldErrors[key] ?? t.fieldErrors.invalid);
  }
  return out;
}

const asText = (fields: Fields): Record<string, string> =>
  Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string'));

export function recipientPage(app: App, deps: Deps): void {
  const sellerOf = (organisationId: string) => loadProfile(deps.db, organisationId);

  async function show(request: TokenRequest, reply: FastifyReply, failed: DetailsForm | null = null) {
    const nonce = cspNonce();
    const token = request.params.token;
    const offer = await findOfferByToken(deps, token);
    if (!offer)
      return htmlHeaders(reply, nonce)
        .status(404)
        .send(renderNotFound(langFromAcceptLanguage(request.headers['accept-language']), nonce));
    const seller = await sellerOf(offer.organisation_id);
    try {
      const view = await readOffer(recipientContext(deps, request), { token });
      return htmlHeaders(reply, nonce)
        .status(failed ? 422 : 200)
        .send(renderOffer({ view, token, nonce, query: failed ? {} : (request.query ?? {}), seller, failed }));
    } catch (error) {
      const e = classifyError(error);
      if (e.status === 410)
        return htmlHeaders(reply, nonce)
          .status(410)
          .send(renderOfferMessage('expired', offer, seller, nonce));
      // Signing cancelled or the offer archived: the link once showed an offer, so say it is gone.
      if (e.status === 404 && (offer.issued_at !== null || offer.status === 'archived'))
        return htmlHeaders(reply, nonce)
          .status(404)
          .send(renderOfferMessage('withdrawn', offer, seller, nonce));
      if (e.status === 404)
        return htmlHeaders(reply, nonce)
          .status(404)
          .send(renderNotFound(langFromAcceptLanguage(request.headers['accept-language']), nonce));
      throw error;
    }
  }

  /** Runs a use case for a form and redirects back: the outcome travels in the query string. */
  async function act(
    request: TokenRequest,
    reply: FastifyReply,
    step: string,
    run: () => Promise<unknown>,
    failedForm: () => DetailsForm | null = () => null,
  ) {
    const back = `/o/${encodeURIComponent(request.params.token)}`;
    try {
      await run();
      const failed = failedForm();
      if (failed) return show(request, reply, failed);
      return reply.header('cache-control', 'no-store').redirect(`${back}?done=${step}`, 303);
    } catch (error) {
      const e = error instanceof AppError ? error : classifyError(error);
      if (e.status >= 500) throw error;
      const fields = e.violations
        .map((v) => v.propertyPath)
        .filter((p) => /^[A-Za-z]+$/.test(p))
        .join(',');
      return reply.header('cache-control', 'no-store').redirect(`${back}?error=${e.status}${fields ? `&fields=${fields}` : ''}`, 303);
    }
  }

  const form = (request: FastifyRequest) => {
    const r = request as TokenRequest;
    return { ctx: recipientContext(deps, r), token: r.params.token, body: (r.body ?? {}) as Fields };
  };

  // Plain HTML forms: urlencoded (accept, sign, decline) and multipart (invoice details with the purchase order).
  registerUploadScope(app, PURCHASE_ORDER_UPLOAD, (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const hide = { schema: { hide: true } };
    const post = { ...hide, onRequest: requireSameOrigin(deps.config.publicUrl) };

    scope.get('/o/:token', hide, (request, reply) => show(request as TokenRequest, reply));
    scope.post('/o/:token/accept', post, (request, reply) =>
      act(request as TokenRequest, reply, 'accepted', () => {
        const { ctx, token, body } = form(request);
        return acceptOffer(ctx, acceptInput(token, body));
      }),
    );
    scope.post('/o/:token/sign', post, (request, reply) =>
      act(request as TokenRequest, reply, 'signed', () => {
        const { ctx, token, body } = form(request);
        return signOffer(ctx, signInput(token, body));
      }),
    );
    scope.post('/o/:token/decline', post, (request, reply) =>
      act(request as TokenRequest, reply, 'declined', () => {
        const { ctx, token, body } = form(request);
        return declineOffer(ctx, declineInput(token, body));
      }),
    );
    scope.post('/o/:token/invoice-details', { ...post, bodyLimit: uploadBodyLimit(PURCHASE_ORDER_UPLOAD) }, (request, reply) => {
      let failed: DetailsForm | null = null;
      const run = async () => {
        const { ctx, token } = form(request);
        const { input, fields } = await invoiceDetailsForm(deps, token, request);
        try {
          return await submitInvoiceDetails(ctx, input);
        } catch (error) {
          // A form that failed on its values comes back as typed, each message next to its field.
          if (!(error instanceof AppError) || error.status !== 422) throw error;
          const errors = fieldErrors(error.violations, fields, textsFor((await findOfferByToken(deps, token))?.locale)[0]);
          if (Object.keys(errors).length === 0) throw error;
          failed = { values: asText(fields), errors };
          return null;
        }
      };
      return act(request as TokenRequest, reply, 'details', run, () => failed);
    });
  });
}
