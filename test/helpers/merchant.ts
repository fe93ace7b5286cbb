// Signs and sends Merchant API requests through app.inject, as a CryptoProcessing client would.
import type { LightMyRequestResponse } from 'fastify';
import { sign } from '../../src/invoices/signature.js';
import type { App } from '../../src/platform/deps.js';
import { ADMIN_TOKEN, bearer } from './app.js';

export interface MerchantCredentials {
  key: string;
  secret: string;
}

export interface MerchantClient {
  /** POSTs `body` (an object is serialized; a string is sent as is) with key and signature. */
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  request(method: 'GET' | 'POST', path: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export function merchantClient(app: App, credentials: MerchantCredentials): MerchantClient {
  const request: MerchantClient['request'] = (method, path, body = {}, headers = {}) => {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    return app.inject({
      method,
      url: `/api/v2${path}`,
      payload,
      headers: {
        'content-type': 'application/json',
        'x-processing-key': credentials.key,
        'x-processing-signature': sign(credentials.secret, payload),
        ...headers,
      },
    });
  };
  return { request, post: (path, body, headers) => request('POST', path, body, headers) };
}

/** A valid create body; override what the test is about. */
export function invoiceBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    timer: false,
    title: 'Order 42',
    currency: 'EUR',
    amount: '106.75',
    foreign_id: `inv_${Math.random().toString(36).slice(2)}`,
    url_success: 'https://shop.example.com/ok',
    url_failed: 'https://shop.example.com/failed',
    email_user: 'payer@example.com',
    ...overrides,
  };
}

export function setFeatures(app: App, organisationId: string, features: Record<string, boolean>) {
  return app.inject({
    method: 'PATCH',
    url: `/admin/organisations/${organisationId}/features`,
    headers: bearer(ADMIN_TOKEN),
    payload: features,
  });
}
