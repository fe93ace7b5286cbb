// The payments screens: merchant invoices (list and one invoice), balances and settings, read and
// changed through the Merchant API's own use cases with the session's organisation as the merchant.
// Every lookup is scoped to that organisation: another organisation's invoice or callback is a 404.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { invoiceActivity, parseInvoiceId } from '../invoices/invoice-activity.js';
import { listAccounts, listInvoices } from '../invoices/queries.js';
import { resendCallback } from '../invoices/resend-callback.js';
import { STATUSES, type InvoiceStatus } from '../invoices/states.js';
import { getMerchantSettings } from '../organisations/merchant-settings.js';
import { updateMerchantSettings } from '../organisations/update-merchant-settings.js';
import { classifyError } from '../platform/classify-error.js';
import type { App } from '../platform/deps.js';
import { notFound } from '../platform/errors.js';
import { sendPage } from './layout.js';
import { invoiceView, type InvoiceNotice } from './payment-invoice-view.js';
import { paymentsTextsFor } from './payments-texts.js';
import { NETWORK_PATH, settingsView, SETTINGS_PATH, type SettingsNotice } from './payments-settings-view.js';
import { balancesView, invoicesView, PAYMENTS, type InvoiceQuery } from './payments-views.js';
import type { ConsoleKit } from './plugin.js';
import { localiseError } from './error-texts.js';
import { langOfRequest } from './session.js';

const CALLBACK_URL_MAX = 2048;
const PAGE_MAX = 1_000_000;

type Fields = Record<string, string | undefined>;

const one = (value: unknown): string => (typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '');

/** The list's URL parameters, checked: the query as understood, or the first problem in words. */
function invoiceQuery(raw: unknown, t: ReturnType<typeof paymentsTextsFor>): { query: InvoiceQuery; error?: string } {
  const params = (raw ?? {}) as Record<string, unknown>;
  const status = one(params.status);
  const page = one(params.page) || '1';
  const perPage = one(params.per_page) || '25';
  const query: InvoiceQuery = { status: '', page: 1, perPage: 25 };
  if (status && !(STATUSES as readonly string[]).includes(status)) return { query, error: t.badStatus };
  query.status = status;
  if (!/^[1-9][0-9]{0,6}$/.test(page) || Number(page) > PAGE_MAX) return { query, error: t.badPage };
  query.page = Number(page);
  if (!/^[1-9][0-9]{0,2}$/.test(perPage) || Number(perPage) > 100) return { query, error: t.badPerPage };
  query.perPage = Number(perPage);
  return { query };
}

export function registerPaymentsRoutes(app: App, kit: ConsoleKit): void {
  const hide = { schema: { hide: true } };
  const read = { ...hide, preHandler: kit.guard('payments.read') };
  const manage = { ...hide, preHandler: kit.guard('payments.manage') };
  const { deps } = kit;

  app.get(PAYMENTS, read, async (request, reply) => {
    const lang = langOfRequest(request);
    const signed = kit.signed(request);
    const { query, error } = invoiceQuery(request.query, paymentsTextsFor(lang));
    if (error) return sendPage(reply, invoicesView(lang, signed, query, { error }), 400);
    const list = await listInvoices(kit.context(request), {
      page: query.page,
      perPage: query.perPage,
      ...(query.status ? { status: query.status as InvoiceStatus } : {}),
    });
    return sendPage(reply, invoicesView(lang, signed, query, { list }));
  });

  const invoiceIdOf = (request: FastifyRequest) => {
    const id = parseInvoiceId((request.params as { id: string }).id);
    if (id === null) throw notFound('Invoice');
    return id;
  };
  const sendInvoice = async (request: FastifyRequest, reply: FastifyReply, notice: InvoiceNotice, status = 200) => {
    const activity = await invoiceActivity(kit.context(request), { id: invoiceIdOf(request) });
    return sendPage(reply, invoiceView(langOfRequest(request), kit.signed(request), activity, deps.clock.now(), notice), status);
  };

  app.get(`${PAYMENTS}/invoices/:id`, read, (request, reply) =>
    sendInvoice(request, reply, { done: one((request.query as Record<string, unknown> | undefined)?.done) === 'resent' }),
  );

  app.post(`${PAYMENTS}/invoices/:id/callbacks/:deliveryId/resend`, manage, async (request, reply) => {
    const invoiceId = invoiceIdOf(request);
    try {
      await resendCallback(kit.context(request), { invoiceId, deliveryId: (request.params as { deliveryId: string }).deliveryId });
    } catch (error) {
      const appError = classifyError(error);
      // Not found and failures answer as the console's error pages; a refusal (being sent now) in words.
      if (appError.status >= 500 || appError.status === 404 || appError.status === 403) throw error;
      return sendInvoice(request, reply, { error: localiseError(appError, langOfRequest(request)).message }, appError.status);
    }
    return reply.redirect(`${PAYMENTS}/invoices/${invoiceId}?done=resent#callbacks`, 303);
  });

  app.get(`${PAYMENTS}/balances`, read, async (request, reply) =>
    sendPage(reply, balancesView(langOfRequest(request), kit.signed(request), await listAccounts(kit.context(request)))),
  );

  const sendSettings = async (request: FastifyRequest, reply: FastifyReply, notice: SettingsNotice, status = 200) => {
    const settings = await getMerchantSettings(kit.context(request));
    return sendPage(reply, settingsView(langOfRequest(request), kit.signed(request), settings, notice), status);
  };

  app.get(SETTINGS_PATH, manage, async (request, reply) => {
    const done = one((request.query as Record<string, unknown> | undefined)?.done);
    return sendSettings(request, reply, done === 'saved' || done === 'removed' || done === 'mode' ? { done } : {});
  });

  app.post(SETTINGS_PATH, manage, async (request, reply) => {
    const t = paymentsTextsFor(langOfRequest(request));
    const typed = ((request.body ?? {}) as Fields).callback_url ?? '';
    const url = typed.trim();
    if (url.length > CALLBACK_URL_MAX)
      return sendSettings(request, reply, { error: t.tooLong, typed: typed.slice(0, CALLBACK_URL_MAX) }, 400);
    try {
      // The Merchant API's settings/update use case: the same URL and SSRF rules, nothing written on a refusal.
      await updateMerchantSettings(kit.context(request), { callbackUrl: url === '' ? null : url });
    } catch (error) {
      const appError = classifyError(error);
      if (appError.status >= 500 || appError.status === 404 || appError.status === 403) throw error;
      const e = localiseError(appError, langOfRequest(request));
      const detail = e.violations.map((v) => v.message).join(' ') || e.message;
      return sendSettings(request, reply, { error: detail, typed }, appError.status);
    }
    return reply.redirect(`${SETTINGS_PATH}?done=${url === '' ? 'removed' : 'saved'}`, 303);
  });

  // The network mode and the wallet's xpub, through the same use case as the Merchant API's
  // settings/update and PATCH /admin/organisations/{id}/merchant: live needs a valid xpub, an empty
  // field keeps the stored one, and a refusal changes nothing.
  app.post(NETWORK_PATH, manage, async (request, reply) => {
    const lang = langOfRequest(request);
    const body = (request.body ?? {}) as Fields;
    const typedMode = body.mode ?? '';
    const typedXpub = (body.evm_xpub ?? '').slice(0, 200);
    if (typedMode !== 'sandbox' && typedMode !== 'live')
      return sendSettings(request, reply, { modeError: paymentsTextsFor(lang).modeUnknown, typedXpub }, 400);
    const xpub = typedXpub.trim();
    try {
      await updateMerchantSettings(kit.context(request), { mode: typedMode, ...(xpub ? { evmXpub: xpub } : {}) });
    } catch (error) {
      const appError = classifyError(error);
      if (appError.status >= 500 || appError.status === 404 || appError.status === 403) throw error;
      const e = localiseError(appError, lang);
      const detail = e.violations.map((v) => v.message).join(' ') || e.message;
      return sendSettings(request, reply, { modeError: detail, typedMode, typedXpub }, appError.status);
    }
    return reply.redirect(`${SETTINGS_PATH}?done=mode`, 303);
  });
}
