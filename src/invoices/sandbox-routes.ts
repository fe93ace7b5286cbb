// The sandbox network's Merchant API routes: simulate the payer and the chain. Signed like every call.
import { Type } from '@sinclair/typebox';
import type { App, Deps } from '../platform/deps.js';
import { merchantContext } from './auth.js';
import type { InvoiceRow } from './repository.js';
import * as requests from './requests.js';
import { requireSandbox, simulateConfirmations, simulatePayment } from './sandbox-api.js';
import * as s from './schemas.js';
import { route } from './schemas.js';
import { invoiceData, invoiceUrl } from './serialize.js';

const sandbox = { 'x-offerpay-extension': true, tags: ['Merchant API sandbox'], params: s.ForeignIdParams };
const reply = { 200: Type.Object({ data: s.InvoiceData }) };
const serializeNow = (deps: Deps, invoice: InvoiceRow) => ({ data: invoiceData(invoice, deps.clock.now(), invoiceUrl(deps, invoice)) });

export function registerSandboxRoutes(app: App, deps: Deps): void {
  app.post<{ Params: { foreign_id: string } }>('/sandbox/invoices/:foreign_id/payments', {
    ...route('Simulate a payment (picks the currency first if needed)', requests.simulatePaymentBody.schema, reply, sandbox),
    handler: async (request) => {
      const ctx = merchantContext(deps, request, 'invoices_enabled');
      requireSandbox(ctx); // before the body: a disabled sandbox refuses whatever was sent
      const input = requests.parseSimulatePayment(request.body, { foreignId: request.params.foreign_id });
      return serializeNow(deps, await simulatePayment(ctx, input));
    },
  });

  app.post<{ Params: { foreign_id: string } }>('/sandbox/invoices/:foreign_id/confirmations', {
    ...route("Simulate confirmations of the invoice's transactions", requests.simulateConfirmationsBody.schema, reply, sandbox),
    handler: async (request) => {
      const ctx = merchantContext(deps, request, 'invoices_enabled');
      requireSandbox(ctx);
      const input = requests.parseSimulateConfirmations(request.body, { foreignId: request.params.foreign_id });
      return serializeNow(deps, await simulateConfirmations(ctx, input));
    },
  });
}
