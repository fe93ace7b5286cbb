// The HTTP sender: SSRF refusal at send time (DNS checked, literal addresses checked), no redirects, timeout.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { send } from '../../src/webhooks/sender.js';
import { startReceiver, type Receiver } from './helpers.js';

describe('sender', () => {
  let receiver: Receiver;
  before(async () => {
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.close();
  });
  const post = (url: string, allowPrivate: boolean, timeoutMs = 2000) => send({ url, body: '{}', headers: {}, timeoutMs, allowPrivate });

  it('refuses loopback targets unless private targets are allowed; nothing is sent', async () => {
    const before = receiver.requests.length;
    const literal = await post(receiver.url, false);
    assert.equal(literal.statusCode, null);
    assert.match(literal.error!, /private or reserved/);
    const port = new URL(receiver.url).port;
    // localhost is refused by name at registration and, if it got through, by its resolved address at send time.
    const named = await send({ url: `http://localhost:${port}/`, body: '{}', headers: {}, timeoutMs: 2000, allowPrivate: false });
    assert.equal(named.statusCode, null);
    assert.equal(receiver.requests.length, before);
    assert.equal((await post(receiver.url, true)).statusCode, 200);
  });

  it('checks every address a name resolves to (a name that resolves to loopback is refused)', async () => {
    const { guardedLookup } = await import('../../src/webhooks/ssrf.js');
    const result = await new Promise<string>((resolve) =>
      guardedLookup(false)('localhost', {}, (err, address) => resolve(err ? `error: ${err.message}` : String(address))),
    );
    assert.match(result, /^error: localhost resolves to a private or reserved address/);
    const allowed = await new Promise<string>((resolve) =>
      guardedLookup(true)('localhost', {}, (err, address) => resolve(err ? 'error' : String(address))),
    );
    assert.match(allowed, /^(127\.0\.0\.1|::1)$/);
  });

  it('does not follow redirects: a 3xx is the answer, and a failure', async () => {
    const before = receiver.requests.length;
    receiver.respond = (r) => (r.url === '/redirect' ? { status: 302, headers: { location: `${receiver.url}/target` } } : { status: 200 });
    const result = await post(`${receiver.url}/redirect`, true);
    assert.equal(result.statusCode, 302);
    assert.deepEqual(
      receiver.requests.slice(before).map((r) => r.url),
      ['/redirect'],
    );
    receiver.respond = () => ({ status: 200, body: 'ok' });
  });

  it('gives up on a receiver that hangs after the timeout', async () => {
    receiver.respond = () => null;
    const result = await post(`${receiver.url}/hang`, true, 300);
    receiver.respond = () => ({ status: 200, body: 'ok' });
    assert.equal(result.statusCode, null);
    assert.match(result.error!, /timed out after 300 ms/);
    assert.ok(result.latencyMs >= 290 && result.latencyMs < 2000, String(result.latencyMs));
  });

  it('a connection refused is an error, not a crash', async () => {
    const result = await post('http://127.0.0.1:1/', true);
    assert.equal(result.statusCode, null);
    assert.ok(result.error);
  });
});
