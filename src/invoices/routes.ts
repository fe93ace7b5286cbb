// Merchant API routes under /api/v2: schema (for the OpenAPI document), one service call, the
// vendor's envelope. Authentication and JSON parsing happen in plugin.ts before these run.
import { Type, type TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App, Deps } from '../platform/deps.js';
import { featureDisabled } from './errors.js';
import type { InvoiceRow } from './repository.js';
import { invoiceData, invoiceUrl } from './serialize.js';
import { merchantOf } from './plugin.js';
import * as s from './schemas.js';
import * as service from './service.js';
import { expectEmpty } from './validate.js';

/** Validation is validate.ts (the vendor's messages); the schemas here document and serialize. */
const documentedOnly = () => () => true;
const anyBody = (description: string) => Type.Unknown({ description });
const errors = { 400: anyBody('`{"errors": {field: message}}`, `{"error", "code"}` or `{"message"}`'), 403: anyBody('Missing or bad key or signature header') };

function invoicesMerchant(request: FastifyRequest) {
  const merchant = merchantOf(request);
  if (!merchant.features.invoices_enabled) throw featureDisabled('invoices_enabled');
  return merchant;
}

function route(summary: string, body: TSchema, response: Record<number, TSchema>, extra: Record<string, unknown> = {}) {
  return {
    validatorCompiler: documentedOnly,
    schema: { tags: ['Merchant API'], summary, security: [{ xProcessingKey: [] }], body, response: { ...response, ...errors }, ...extra },
  };
}
const extension = { 'x-offerpay-extension': true };
const serializeNow = (deps: Deps, invoice: InvoiceRow) => invoiceData(invoice, deps.clock.now(), invoiceUrl(deps, invoice));

export function registerMerchantRoutes(app: App, deps: Deps): void {
  app.post('/invoices/create', {
    ...route('Create an invoice', s.CreateInvoiceBody, { 200: Type.Object({ data: s.InvoiceData }) }),
    handler: async (request) => ({ data: await service.createInvoice(deps, invoicesMerchant(request).organisationId, request.body) }),
  });

  app.post<{ Params: { foreign_id: string } }>('/invoices/:foreign_id/cancel/', {
    ...route('Cancel an invoice (it becomes failed)', s.EmptyBody, { 200: Type.Array(Type.Unknown(), { maxItems: 0 }) }, { params: s.ForeignIdParams }),
    handler: async (request) => {
      const merchant = invoicesMerchant(request);
      expectEmpty(request.body);
      await service.cancelInvoice(deps, merchant.organisationId, request.params.foreign_id);
      return [];
    },
  });

  app.post('/invoices/info', {
    ...route('Read one invoice by foreign_id or id', s.InfoBody, { 200: anyBody('`{"data": invoice}` with transactions') }, extension),
    handler: async (request) => ({ data: await service.invoiceInfo(deps, invoicesMerchant(request).organisationId, request.body) }),
  });

  app.post('/invoices/list', {
    ...route('List invoices, newest first, paginated', s.ListBody, { 200: s.ListReply }, extension),
    handler: async (request) => service.listInvoices(deps, invoicesMerchant(request).organisationId, request.body),
  });

  app.post('/accounts/list', {
    ...route('Balances per currency, from the ledger', s.EmptyBody, { 200: anyBody('`{"data": [{currency, type, balance}]}`') }),
    handler: async (request) => ({ data: await service.accounts(deps, merchantOf(request).organisationId) }),
  });

  app.post('/currencies/list', {
    ...route('Supported currencies', Type.Object({ visible: Type.Optional(Type.Boolean()) }), { 200: anyBody('`{"data": [currency]}`') }),
    handler: async (request) => {
      merchantOf(request);
      return { data: service.currencies(request.body) };
    },
  });

  app.post('/currencies/pairs', {
    ...route('Currency pairs with rates', s.CurrencyPairBody, { 200: anyBody('`{"data": [pair]}`') }),
    handler: async (request) => {
      merchantOf(request);
      return { data: service.pairs(deps, request.body, false) };
    },
  });

  app.post('/currencies/rates', {
    ...route('The rate of one currency pair', s.CurrencyPairBody, { 200: anyBody('`{"data": [pair]}`') }),
    handler: async (request) => {
      merchantOf(request);
      return { data: service.pairs(deps, request.body, true) };
    },
  });

  // The vendor documents a GET with a JSON body (plugin.ts reads it); POST works for clients that cannot send one.
  const transactionInfo = async (request: FastifyRequest) => service.transactionInfo(deps, merchantOf(request).organisationId, request.body);
  const txInfo = route('A deposit transaction with its invoice, by id, foreign_id or txid', s.TransactionInfoBody, { 200: anyBody('The callback-shaped transaction') });
  app.post('/transactions/info', { ...txInfo, handler: transactionInfo });
  const { body: _body, ...getSchema } = txInfo.schema;
  app.get('/transactions/info', {
    ...txInfo,
    exposeHeadRoute: false,
    schema: { ...getSchema, description: 'Send the same JSON body as the POST form (or its fields as query parameters, unsigned body "").' },
    handler: transactionInfo,
  });

  // Sandbox network: simulate the payer and the chain. Signed like every call.
  const sandbox = { 'x-offerpay-extension': true, tags: ['Merchant API sandbox'] };
  app.post<{ Params: { foreign_id: string } }>('/sandbox/invoices/:foreign_id/payments', {
    ...route('Simulate a payment (picks the currency first if needed)', s.PaymentBody, { 200: Type.Object({ data: s.InvoiceData }) }, { ...sandbox, params: s.ForeignIdParams }),
    handler: async (request) => {
      const { organisationId } = invoicesMerchant(request);
      const invoice = await service.simulatePayment(deps, { organisationId, key: { foreignId: request.params.foreign_id } }, request.body);
      return { data: serializeNow(deps, invoice) };
    },
  });
  app.post<{ Params: { foreign_id: string } }>('/sandbox/invoices/:foreign_id/confirmations', {
    ...route('Simulate confirmations of the invoice\'s transactions', s.ConfirmationsBody, { 200: Type.Object({ data: s.InvoiceData }) }, { ...sandbox, params: s.ForeignIdParams }),
    handler: async (request) => {
      const { organisationId } = invoicesMerchant(request);
      const invoice = await service.simulateConfirmations(deps, { organisationId, key: { foreignId: request.params.foreign_id } }, request.body);
      return { data: serializeNow(deps, invoice) };
    },
  });
}

