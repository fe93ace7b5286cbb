import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sign, signTimestamped, verify, verifyTimestamped } from '../../src/invoices/signature.js';

const VECTOR = {
  secret: 'AbCdEfG123456',
  body: '{"currency":"BTC","foreign_id":"123456"}',
  signature:
    '03c25fcf7cd35e7d995e402cd5d51edd72d48e1471e865907967809a0c189ba55b90815f20e2bb10f82c7a9e9d865546fda58989c2ae9e8e2ff7bc29195fa1ec',
};

describe('merchant request signature', () => {
  it('matches the published vector', () => {
    assert.equal(sign(VECTOR.secret, VECTOR.body), VECTOR.signature);
    assert.equal(sign(VECTOR.secret, Buffer.from(VECTOR.body)), VECTOR.signature);
  });

  it('verifies the vector in either case and rejects any change', () => {
    assert.equal(verify(VECTOR.secret, VECTOR.body, VECTOR.signature), true);
    assert.equal(verify(VECTOR.secret, VECTOR.body, VECTOR.signature.toUpperCase()), true);
    assert.equal(verify(VECTOR.secret, `${VECTOR.body} `, VECTOR.signature), false);
    assert.equal(verify('AbCdEfG123457', VECTOR.body, VECTOR.signature), false);
    assert.equal(verify(VECTOR.secret, VECTOR.body, VECTOR.signature.slice(0, -1)), false);
    assert.equal(verify(VECTOR.secret, VECTOR.body, `zz${VECTOR.signature.slice(2)}`), false);
  });
});

describe('timestamped request signature (offerpay extension)', () => {
  // The worked example of docs/merchant.md ("Timestamped signatures").
  const EXAMPLE = {
    timestamp: '1780308000',
    nonce: 'n0nce-4f9c2a7b1e3d',
    method: 'POST',
    path: '/api/v2/invoices/order-42/cancel/',
    body: '{}',
  };
  const SIGNATURE =
    '5b6686feed63a0f90fae0a300455435bbc833096611c5fc2584fa5919ca5db347ad537e9990c6a4a979d06645d31a0988d756e7d306c32caba5b33ed4be64dbd';

  it('signs timestamp, nonce, method and path, each ended by a line feed, then the body', () => {
    assert.equal(signTimestamped(VECTOR.secret, EXAMPLE), SIGNATURE);
    assert.equal(sign(VECTOR.secret, '1780308000\nn0nce-4f9c2a7b1e3d\nPOST\n/api/v2/invoices/order-42/cancel/\n{}'), SIGNATURE);
    assert.equal(signTimestamped(VECTOR.secret, { ...EXAMPLE, method: 'post', body: Buffer.from('{}') }), SIGNATURE);
  });

  it('rejects a change to any signed part', () => {
    assert.equal(verifyTimestamped(VECTOR.secret, EXAMPLE, SIGNATURE.toUpperCase()), true);
    for (const change of [
      { timestamp: '1780308001' },
      { nonce: 'n0nce-4f9c2a7b1e3e' },
      { method: 'GET' },
      { path: '/api/v2/invoices/order-43/cancel/' },
      { body: '{ }' },
    ])
      assert.equal(verifyTimestamped(VECTOR.secret, { ...EXAMPLE, ...change }, SIGNATURE), false, JSON.stringify(change));
    assert.equal(verify(VECTOR.secret, EXAMPLE.body, SIGNATURE), false);
  });
});
