// PHP json_encode bytes (the vendor's callback bodies) and the decode/re-encode round trip a PHP
// receiver performs before checking the HMAC. Pure: no database.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { phpFloat, phpJsonEncode } from '../../src/webhooks/php-json.js';
import { phpDecode, phpEncode, phpReencode } from './php.js';

const hmac = (secret: string, body: string) => crypto.createHmac('sha512', secret).update(body).digest('hex');

describe('phpJsonEncode: json_encode with default flags', () => {
  const cases: Array<[string, unknown, string]> = [
    ['slash', 'https://shop.example/a/b', '"https:\\/\\/shop.example\\/a\\/b"'],
    ['ü, lowercase hex', 'Müller', '"M\\u00fcller"'],
    ['emoji as a surrogate pair', '🎉', '"\\ud83c\\udf89"'],
    ['euro sign', '€', '"\\u20ac"'],
    ['short escapes', '"\\\b\f\n\r\t', '"\\"\\\\\\b\\f\\n\\r\\t"'],
    ['other control characters', '\u0001\u001f', '"\\u0001\\u001f"'],
    ["DEL and < > & ' stay as they are", "\u007f<>&'", `"\u007f<>&'"`],
    ['null, booleans, integers', [null, true, false, 0, -7, 1592308917], '[null,true,false,0,-7,1592308917]'],
    ['bigint', 9007199254740993n, '9007199254740993'],
    ['no spaces, keys in insertion order', { z: 1, a: { y: 'x', b: [] } }, '{"z":1,"a":{"y":"x","b":[]}}'],
    ['an empty object is a PHP array', {}, '[]'],
    ['keys 0…n-1 in order make a list', { 0: 'a', 1: 'b' }, '["a","b"]'],
    ['undefined properties are left out', { a: 1, b: undefined }, '{"a":1}'],
  ];
  for (const [name, value, expected] of cases) it(name, () => assert.equal(phpJsonEncode(value), expected));

  it('floats as PHP writes them (serialize_precision -1)', () => {
    const floats: Array<[number, string]> = [
      [0.1, '0.1'],
      [-0.5, '-0.5'],
      [0.108823, '0.108823'],
      [0.0001, '0.0001'],
      [0.00001, '1.0e-5'],
      [1.5e-7, '1.5e-7'],
      [1e16, '10000000000000000'],
      [1e17, '1.0e+17'],
      [1e25, '1.0e+25'],
      [123456789012345680000, '1.2345678901234568e+20'],
      [-0, '-0'],
    ];
    for (const [n, s] of floats) assert.equal(phpFloat(n), s, String(n));
    assert.equal(phpJsonEncode(0.5), '0.5');
    assert.equal(phpJsonEncode(2 ** 60), '1152921504606846976');
    assert.throws(() => phpJsonEncode(Number.NaN));
    assert.throws(() => phpJsonEncode(() => 1));
  });
});

describe('the PHP receiver model (json_decode($body, true) then json_encode)', () => {
  it('keeps PHP types: integer literals are ints, anything with . or e a float; "1.0" comes back as 1', () => {
    assert.deepEqual(phpDecode('[1,1.0,1e2,"1"]'), {
      array: [
        [0n, { int: 1n }],
        [1n, { float: 1 }],
        [2n, { float: 100 }],
        [3n, '1'],
      ],
    });
    assert.equal(phpReencode('[1,1.0,1e2,0.10882300,9223372036854775808]'), '[1,1,100,0.108823,9.223372036854776e+18]');
  });

  it('objects become arrays: {} comes back as [], numeric keys as a list, a repeated key keeps its first place', () => {
    assert.equal(phpReencode('{"a":{},"b":{"0":"x","1":"y"},"c":1,"a":2}'), '{"a":2,"b":["x","y"],"c":1}');
  });

  it('re-encodes json_encode output to the same bytes, so the HMAC matches', () => {
    const body = {
      id: 588,
      foreign_id: 'order/ü-🎉',
      end_user_reference: 'https://shop.example/customers/Müller 🎉',
      type: 'invoice',
      crypto_address: { id: 1845, currency: 'BTC', address: '2N8pvnVKEFjVCP4TteJVCPTbg9Aqibfws8C', tag: null },
      currency_sent: { currency: 'BTC', amount: '0.00309556', remaining_amount: '0.00000000' },
      transactions: [],
      fees: [],
      error: '',
      status: 'processing',
      fixed_at: 1592308917,
      expires_at: 1592395375,
    };
    const bytes = phpJsonEncode(body);
    assert.equal(phpReencode(bytes), bytes);
    assert.equal(hmac('secret', phpReencode(bytes)), hmac('secret', bytes));
    assert.ok(bytes.startsWith('{"id":588,"foreign_id":"order\\/\\u00fc-\\ud83c\\udf89","end_user_reference":"https:\\/\\/shop'));
  });

  it("JSON.stringify's bytes do not survive the round trip (what the check guards against)", () => {
    const body = JSON.stringify({ foreign_id: 'order/ü' });
    assert.notEqual(phpReencode(body), body);
    assert.equal(phpReencode(body), '{"foreign_id":"order\\/\\u00fc"}');
    assert.equal(phpEncode(phpDecode('"\\ud83c\\udf89"')), '"\\ud83c\\udf89"');
  });
});
