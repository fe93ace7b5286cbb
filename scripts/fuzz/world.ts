// Real data for the requests to reach deep handlers: two organisations (the second one's ids test
// tenancy), offers in several states with their recipients' link tokens, a template, a webhook
// endpoint, merchant invoices (one paid in the sandbox) and a deposit address. Made through the
// public API, as a client would.
import crypto from 'node:crypto';
import type { Schema } from './schema.js';

export interface Organisation {
  id: string;
  apiToken: string;
  merchant: { key: string; secret: string };
  apiTokenIds: string[];
}

export interface World {
  baseUrl: string;
  adminToken: string;
  orgs: [Organisation, Organisation];
  offers: string[];
  recipients: { id: string; offerId: string; token: string }[];
  templates: string[];
  webhooks: string[];
  invoices: string[];
  addresses: string[];
}

export const signBody = (secret: string, body: string) => crypto.createHmac('sha512', secret).update(body).digest('hex');

async function call(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Schema> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const response = await fetch(base + path, {
    method,
    headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(payload === undefined ? {} : { body: payload }),
  });
  const text = await response.text();
  if (response.status >= 400) throw new Error(`seeding: ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text ? (JSON.parse(text) as Schema) : {};
}

const signer = { email: 'signer@example.com', firstName: 'Sina', lastName: 'Signer', role: 'sign' };
const reader = { email: 'reader@example.com', firstName: 'Rea', lastName: 'Reader', role: 'read' };
const lineItem = { name: 'Licence', quantity: 2, unitAmountCents: 12_000, currency: 'EUR', interval: '1M', priceType: 'flat_fee' };

export async function seedWorld(baseUrl: string, adminToken: string): Promise<World> {
  const admin = { authorization: `Bearer ${adminToken}` };
  const orgs: Organisation[] = [];
  for (const name of ['Fuzz GmbH', 'Other tenant AG']) {
    const made = await call(baseUrl, 'POST', '/admin/organisations', admin, { name });
    const extra = await call(baseUrl, 'POST', `/admin/organisations/${made.organisation.id}/api-tokens`, admin, { label: 'fuzz' });
    orgs.push({ id: made.organisation.id, apiToken: made.apiToken, merchant: made.merchant, apiTokenIds: [extra.id] });
  }
  const org = orgs[0]!;
  const api = { authorization: `Bearer ${org.apiToken}` };
  const world: World = {
    baseUrl,
    adminToken,
    orgs: orgs as [Organisation, Organisation],
    offers: [],
    recipients: [],
    templates: [],
    webhooks: [],
    invoices: [],
    addresses: [],
  };

  const offer = async (acceptanceMode: string, then: string[]) => {
    const created = await call(baseUrl, 'POST', '/offers', api, {
      name: `Offer ${acceptanceMode} ${then.join('+') || 'draft'}`,
      acceptanceMode,
      lineItems: [lineItem],
      recipients: [signer, reader],
    });
    world.offers.push(created.id);
    for (const r of created.recipients) world.recipients.push({ id: r.id, offerId: created.id, token: r.link.split('/o/')[1] });
    const signerToken = created.recipients[0].link.split('/o/')[1];
    for (const step of then) {
      if (step === 'publish') await call(baseUrl, 'POST', `/api/offers/${created.id}/publish`, api, {});
      if (step === 'cancel') await call(baseUrl, 'POST', `/offers/${created.id}/cancel-signing`, api);
      if (step === 'archive') await call(baseUrl, 'POST', `/offers/${created.id}/archive`, api);
      if (step === 'accept') await call(baseUrl, 'POST', `/public/offers/${signerToken}/accept`, {}, { consent: true });
      if (step === 'details')
        await call(
          baseUrl,
          'POST',
          `/public/offers/${signerToken}/invoice-details`,
          {},
          {
            companyName: 'Käufer AG',
            street: 'Hauptstr. 1',
            zip: '10115',
            city: 'Berlin',
            country: 'DE',
            email: 'billing@example.com',
          },
        );
    }
  };
  await offer('click', []);
  await offer('click', ['publish']);
  await offer('click', ['publish', 'accept']);
  await offer('click', ['publish', 'accept', 'details']);
  await offer('esignature', ['publish']);
  await offer('esignature', ['publish', 'cancel']);
  await offer('click', ['archive']);
  const other = await call(
    baseUrl,
    'POST',
    '/offers',
    { authorization: `Bearer ${orgs[1]!.apiToken}` },
    { name: 'Not yours', recipients: [signer] },
  );
  world.offers.push(other.id);

  world.templates.push((await call(baseUrl, 'POST', '/offer-templates', api, { name: 'Standard', lineItems: [lineItem] })).id);
  world.webhooks.push((await call(baseUrl, 'POST', '/webhooks', api, { url: 'http://127.0.0.1:9/hook', events: ['*'] })).id);

  const merchant = async (path: string, body: unknown) => {
    const payload = JSON.stringify(body);
    const headers = { 'x-processing-key': org.merchant.key, 'x-processing-signature': signBody(org.merchant.secret, payload) };
    return call(baseUrl, 'POST', `/api/v2${path}`, headers, body);
  };
  for (const [i, currency] of ['EUR', 'USD', 'EUR'].entries()) {
    const foreignId = `fuzz-${i}`;
    await merchant('/invoices/create', {
      timer: false,
      title: `Order ${i}`,
      currency,
      amount: '25.00',
      foreign_id: foreignId,
      url_success: 'https://shop.example.com/ok',
      url_failed: 'https://shop.example.com/failed',
      sender_currency: 'BTC',
    });
    world.invoices.push(foreignId);
  }
  await merchant('/sandbox/invoices/fuzz-1/payments', { confirmations: 3 });
  await merchant('/invoices/fuzz-2/cancel/', {});
  const address = await merchant('/addresses/take', { currency: 'BTC', foreign_id: 'customer-1' });
  if (address?.data?.address) world.addresses.push(address.data.address);
  return world;
}
