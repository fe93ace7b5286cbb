// Which ordering key each event's deliveries get, and what the dispatcher copies onto them. Pure.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { fanOut } from '../../src/webhooks/dispatcher.js';
import { orderingKeyOf } from '../../src/webhooks/ordering.js';
import type { OutboxRow } from '../../src/webhooks/outbox-repository.js';

const row = (over: Partial<OutboxRow>): OutboxRow => ({
  id: 42n,
  organisation_id: crypto.randomUUID(),
  event_id: 'evt_1',
  topic: 'offer.updated',
  payload: { data: { id: 'off_1' } },
  ordering_key: null,
  body: null,
  created_at: new Date('2026-06-01T10:00:00Z'),
  ...over,
});

describe('ordering keys', () => {
  it('the key an event was written with wins', () => {
    assert.equal(orderingKeyOf(row({ topic: 'merchant.invoice_callback', ordering_key: 'invoice:7' })), 'invoice:7');
    assert.equal(orderingKeyOf(row({ ordering_key: 'custom' })), 'custom');
  });

  it('offer events are ordered per offer: data.offerId (approval events), else data.id', () => {
    assert.equal(orderingKeyOf(row({})), 'offer:off_1');
    assert.equal(
      orderingKeyOf(row({ topic: 'offer.approval.approved', payload: { data: { offerId: 'off_2', id: 'apr_1' } } })),
      'offer:off_2',
    );
  });

  it('other events, and offer events without an id, are not ordered', () => {
    assert.equal(orderingKeyOf(row({ topic: 'webhook_endpoint.disabled', payload: { data: { id: 'whk_1' } } })), null);
    assert.equal(orderingKeyOf(row({ topic: 'merchant.invoice_callback', payload: { id: 7 } })), null);
    assert.equal(orderingKeyOf(row({ payload: { data: { n: 1 } } })), null);
  });

  it('deliveries carry the key and the outbox id as their sequence; a callback keeps the bytes fixed at enqueue', () => {
    const cb = row({ topic: 'merchant.invoice_callback', payload: { status: 'x', id: 7 }, ordering_key: 'invoice:7', body: '{"id":7}' });
    const [d] = fanOut(cb, [], 'https://merchant.example/cb');
    assert.deepEqual([d!.orderingKey, d!.seq, d!.body], ['invoice:7', 42n, '{"id":7}']);
    // A row written before the body column existed: PHP json_encode of the payload (jsonb's key order).
    const [old] = fanOut({ ...cb, body: null, payload: { url: 'a/b' } }, [], 'https://merchant.example/cb');
    assert.equal(old!.body, '{"url":"a\\/b"}');
    // An invoice callback the database built (the cancel's): jsonb's key order, sent in the vendor's.
    const payload = { status: 'failed', type: 'invoice', crypto_address: { tag: null, id: 0 }, id: 7, extra: 1, fees: [] };
    const [built] = fanOut({ ...cb, body: null, payload }, [], 'https://merchant.example/cb');
    assert.equal(built!.body, '{"id":7,"type":"invoice","crypto_address":{"id":0,"tag":null},"fees":[],"status":"failed","extra":1}');
  });
});
