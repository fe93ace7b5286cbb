// Sealed recipient links in stored events (platform/sealed-links.ts): nothing of the token stays in
// the stored form, opening gives back the exact bytes, and only the recipients' links are opened.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { maskTokens, openRecipientLinks, sealLink, sealRecipientLinks } from '../../src/platform/sealed-links.js';

const key = crypto.randomBytes(32);
const token = crypto.randomBytes(32).toString('base64url');
const link = `https://offers.example/o/${token}`;

// What webhookBody makes of an event: the envelope around data, by JSON.stringify.
const envelope = (data: unknown) =>
  JSON.stringify({ event: { type: 'offer.updated', id: 'evt_1', version: '1.0.0', created: 'x' }, tenantId: 't', data });

describe('sealed recipient links', () => {
  it('seals the token of each recipient link and nothing else', () => {
    const data = {
      id: 'o1',
      name: link,
      recipients: [
        { id: 'r1', link, role: 'sign' },
        { id: 'r2', role: 'read' },
      ],
    };
    const sealed = sealRecipientLinks(key, data);
    assert.ok(!JSON.stringify(sealed.recipients).includes(token));
    assert.match(sealed.recipients[0]!.link as string, /^https:\/\/offers\.example\/o\/\{sealed:v1:[A-Za-z0-9_:-]+\}$/);
    assert.deepEqual(sealed.recipients[1], { id: 'r2', role: 'read' });
    assert.equal(sealed.name, link);
    assert.deepEqual(data.recipients[0], { id: 'r1', link, role: 'sign' }, 'the caller’s data (the API answer) is not changed');
    assert.equal(sealRecipientLinks(key, { offerId: 'o1' }).offerId, 'o1');
    assert.equal(sealLink(key, 'not a link'), 'not a link');
  });

  it('opens a stored body into the exact bytes the plain event would have had, tricky content included', () => {
    const data = {
      '10': 'integer-like keys first',
      name: 'Ünïcode € \u2028 "quoted" \\ back\\slash </script> \ud800 lone',
      amount: 1e21,
      small: 5e-7,
      recipients: [
        { id: 'r1', link, role: 'sign' },
        { id: 'r2', link: `https://offers.example/o/${'B'.repeat(43)}`, role: 'read' },
      ],
      customVariables: { look: 'https://offers.example/o/{sealed:v1:AAAA:BBBB:CCCC}' },
    };
    const plain = envelope(data);
    const stored = envelope(sealRecipientLinks(key, data));
    assert.ok(!stored.includes(token));
    const opened = openRecipientLinks(key, stored);
    assert.equal(opened.body, plain);
    assert.deepEqual(opened.tokens, [token, 'B'.repeat(43)]);
  });

  it('leaves a body without seals as it is, and refuses a seal that does not open', () => {
    const plain = envelope({ recipients: [{ id: 'r1', link, role: 'sign' }] });
    assert.deepEqual(openRecipientLinks(key, plain), { body: plain, tokens: [] });
    // A client's seal-like text outside the recipients is not opened (it would not decrypt).
    const lookalike = envelope({ name: 'https://x/o/{sealed:v1:AAAA:BBBB:CCCC}', recipients: [] });
    assert.equal(openRecipientLinks(key, lookalike).body, lookalike);
    const stored = envelope(sealRecipientLinks(key, { recipients: [{ id: 'r1', link, role: 'sign' }] }));
    assert.throws(() => openRecipientLinks(crypto.randomBytes(32), stored));
  });

  it('masks tokens in an echoed answer', () => {
    assert.equal(maskTokens(`got ${link} and ${token}`, [token]), 'got https://offers.example/o/*** and ***');
    assert.equal(maskTokens(null, [token]), null);
  });
});
