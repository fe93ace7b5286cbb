// Shared steps of the wallet tests: a merchant with a callback receiver, balances, callbacks delivered.
import assert from 'node:assert/strict';
import type { TestApp } from '../helpers/app.js';
import { json } from '../helpers/app.js';
import { merchantClient, type MerchantClient } from '../helpers/merchant.js';
import { runOnce } from '../../src/webhooks/worker.js';
import { setCallbackUrl, type Receiver } from '../webhooks/helpers.js';

export interface WalletMerchant {
  client: MerchantClient;
  organisationId: string;
  secret: string;
}

export async function walletMerchant(t: TestApp, receiver?: Receiver, path = '/cb'): Promise<WalletMerchant> {
  const org = await t.newOrganisation();
  if (receiver) await setCallbackUrl(t, org.organisation.id, `${receiver.url}${path}`);
  return { client: merchantClient(t.app, org.merchant), organisationId: org.organisation.id, secret: org.merchant.secret };
}

export async function balanceOf(client: MerchantClient, currency: string): Promise<string> {
  const res = await client.post('/accounts/list', {});
  assert.equal(res.statusCode, 200, res.body);
  return json(res).data.find((a: { currency: string }) => a.currency === currency).balance;
}

/** Runs the webhooks worker until the outbox is drained. */
export async function deliver(t: TestApp): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const r = await runOnce(t.deps);
    if (r.dispatched === 0 && r.attempted === 0) return;
  }
}

/** Funds a balance through a confirmed sandbox deposit (BTC, LTC … only; returns what was credited). */
export async function fund(client: MerchantClient, currency: string, amount: string, foreignId = `fund-${currency}`): Promise<void> {
  const take = await client.post('/addresses/take', { currency, foreign_id: foreignId });
  assert.equal(take.statusCode, 200, take.body);
  const pay = await client.post(`/sandbox/addresses/${json(take).data.address}/payments`, { amount, confirmations: 100 });
  assert.equal(pay.statusCode, 200, pay.body);
  assert.equal(json(pay).data.status, 'confirmed');
}
