// Merchant API routes under /api/v2: build the context (authenticated in plugin.ts), read the body
// (requests.ts, the vendor's messages), one use-case call, the vendor's envelope.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App, Deps } from '../platform/deps.js';
import { merchantContext } from './auth.js';
import { cancelInvoice } from './cancel.js';
import { listCurrencies, listPairs } from './catalog.js';
import { createInvoice } from './create.js';
import { invoiceInfo, listAccounts, listInvoices, transactionInfo } from './queries.js';
import * as requests from './requests.js';
import * as s from './schemas.js';
import { anyBody, route } from './schemas.js';

const extension = { 'x-offerpay-extension': true };

export function registerMerchantRoutes(app: App, deps: Deps): void {
  app.post('/invoices/create', {
    ...route('Create an invoice', requests.createInvoiceBody.schema, { 200: Type.Object({ data: s.InvoiceData }) }),
    handler: async (request) => {
      const ctx = merchantContext(deps, request, 'invoices_enabled');
      return { data: await createInvoice(ctx, requests.parseCreateInvoice(request.body, deps.config.allowPrivateWebhookTargets)) };
    },
  });

  app.post<{ Params: { foreign_id: string } }>('/invoices/:foreign_id/cancel/', {
    ...route(
      'Cancel an invoice (it becomes failed)',
      requests.emptyBody.schema,
      { 200: Type.Array(Type.Unknown(), { maxItems: 0 }) },
      { params: s.ForeignIdParams },
    ),
    handler: async (request) => {
      const ctx = merchantContext(deps, request, 'invoices_enabled');
      requests.emptyBody.read(request.body);
      await cancelInvoice(ctx, { foreignId: request.params.foreign_id });
      return [];
    },
  });

  app.post('/invoices/info', {
    ...route(
      'Read one invoice by foreign_id or id',
      requests.invoiceInfoBody.schema,
      { 200: anyBody('`{"data": invoice}` with transactions') },
      extension,
    ),
    handler: async (request) => {
      const ctx = merchantContext(deps, request, 'invoices_enabled');
      return { data: await invoiceInfo(ctx, requests.parseInvoiceInfo(request.body)) };
    },
  });

  app.post('/invoices/list', {
    ...route('List invoices, newest first, paginated', requests.listInvoicesBody.schema, { 200: s.ListReply }, extension),
    handler: async (request) => {
      const ctx = merchantContext(deps, request, 'invoices_enabled');
      return listInvoices(ctx, requests.parseListInvoices(request.body));
    },
  });

  app.post('/accounts/list', {
    ...route('Balances per currency, from the ledger', requests.ignoredBody.schema, {
      200: anyBody('`{"data": [{currency, type, balance}]}`'),
    }),
    handler: async (request) => ({ data: await listAccounts(merchantContext(deps, request)) }),
  });

  app.post('/currencies/list', {
    ...route('Supported currencies', requests.listCurrenciesBody.schema, { 200: anyBody('`{"data": [currency]}`') }),
    handler: async (request) => {
      const ctx = merchantContext(deps, request);
      return { data: listCurrencies(ctx, requests.parseListCurrencies(request.body)) };
    },
  });

  app.post('/currencies/pairs', {
    ...route('Currency pairs with rates', requests.pairsBody.schema, { 200: anyBody('`{"data": [pair]}`') }),
    handler: async (request) => {
      const ctx = merchantContext(deps, request);
      return { data: listPairs(ctx, requests.parsePairs(request.body, false)) };
    },
  });

  app.post('/currencies/rates', {
    ...route('The rate of one currency pair', requests.ratesBody.schema, { 200: anyBody('`{"data": [pair]}`') }),
    handler: async (request) => {
      const ctx = merchantContext(deps, request);
      return { data: listPairs(ctx, requests.parsePairs(request.body, true)) };
    },
  });

  // The vendor documents a GET with a JSON body (plugin.ts reads it); POST works for clients that cannot send one.
  const transaction = async (request: FastifyRequest) => {
    const ctx = merchantContext(deps, request);
    return transactionInfo(ctx, requests.parseTransactionInfo(request.body));
  };
  const txInfo = route('A deposit transaction with its invoice, by id, foreign_id or txid', requests.transactionInfoBody.schema, {
    200: anyBody('The callback-shaped transaction'),
  });
  app.post('/transactions/info', { ...txInfo, handler: transaction });
  const { body: _body, ...getSchema } = txInfo.schema;
  app.get('/transactions/info', {
    ...txInfo,
    exposeHeadRoute: false,
    schema: {
      ...getSchema,
      description: 'Send the same JSON body as the POST form (or its fields as query parameters, unsigned body "").',
    },
    handler: transaction,
  });
}
