// Payments fixtures for the console tests: invoices made, paid and cancelled through the signed
// Merchant API and its sandbox, callbacks delivered by the real worker to a local receiver.
import assert from 'node:assert/strict';
import { json } from '../helpers/app.js';
import { invoiceBody, type MerchantClient } from '../helpers/merchant.js';

export async function createInvoice(client: MerchantClient, foreignId: string, overrides: Record<string, unknown> = {}): Promise<number> {
  const response = await client.post('/invoices/create', invoiceBody({ foreign_id: foreignId, ...overrides }));
  assert.equal(response.statusCode, 200, response.body);
  return json<{ data: { id: number } }>(response).data.id;
}

/** A sandbox payment confirmed at once: the invoice passes pending, processing and confirmed. */
export async function payInvoice(client: MerchantClient, foreignId: string): Promise<void> {
  const paid = await client.post(`/sandbox/invoices/${encodeURIComponent(foreignId)}/payments`, { currency: 'ETH', confirmations: 12 });
  assert.equal(paid.statusCode, 200, paid.body);
  assert.equal(json(paid).data.status, 'confirmed');
}

export async function cancelInvoice(client: MerchantClient, foreignId: string): Promise<void> {
  const response = await client.post(`/invoices/${encodeURIComponent(foreignId)}/cancel/`, {});
  assert.equal(response.statusCode, 200, response.body);
}
