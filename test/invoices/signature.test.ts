import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sign, verify } from '../../src/invoices/signature.js';

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
