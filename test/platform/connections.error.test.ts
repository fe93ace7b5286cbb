// What a client gets below routing, over a real socket (issue 13, items 5 and 8): a slow body or
// slow headers a 408 and a closed socket within the configured time, an over-long URL a 414,
// oversized headers a 431, broken HTTP a 400 — each in the documented error shape with X-Request-Id —
// and connections past MAX_CONNECTIONS closed at once.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { bearer, createTestApp, type TestApp } from '../helpers/app.js';
import { engines } from '../helpers/db.js';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `head`, then `trickle` one byte at a time every 100 ms, and reads until the server closes. */
function raw(port: number, head: string, trickle = ''): Promise<RawResponse | null> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      socket.write(head);
      let i = 0;
      timer = setInterval(() => {
        if (i < trickle.length && socket.writable) socket.write(trickle[i++]!);
      }, 100);
    });
    socket.on('data', (chunk) => (data += chunk));
    socket.on('error', () => {}); // a reset after the answer is fine
    socket.on('close', () => {
      clearInterval(timer);
      if (data === '') return resolve(null);
      const [top, ...rest] = data.split('\r\n\r\n');
      const [statusLine, ...lines] = top!.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine!.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    setTimeout(() => reject(new Error(`no close within 20 s; got ${data}`)), 20_000).unref();
  });
}

function assertProblem(res: RawResponse | null, status: number): void {
  assert.ok(res, 'the server answered');
  assert.equal(res.status, status, res.body);
  assert.match(res.headers['content-type'] ?? '', /^application\/problem\+json/);
  const body = JSON.parse(res.body);
  assert.equal(body.status, status);
  assert.ok(res.headers['x-request-id']);
  assert.equal(body.requestId, res.headers['x-request-id']);
}

for (const engine of engines) {
  describe(`connections and the HTTP parser [${engine}]`, () => {
    let t: TestApp;
    let port: number;
    before(async () => {
      t = await createTestApp(engine, { env: { REQUEST_TIMEOUT_MS: '700', HEADERS_TIMEOUT_MS: '400', MAX_CONNECTIONS: '3' } });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      port = (t.app.server.address() as net.AddressInfo).port;
    });
    after(() => t.close());

    it('a body that trickles in gets a 408 problem and a closed socket (Offers API)', async () => {
      const org = await t.newOrganisation();
      const head =
        `POST /offers HTTP/1.1\r\nHost: x\r\nAuthorization: ${bearer(org.apiToken).authorization}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{';
      assertProblem(await raw(port, head, ' '.repeat(150)), 408);
    });

    it("a body that trickles in under /api/v2 gets a 408 in the vendor's shape", async () => {
      const head = 'POST /api/v2/invoices/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{';
      const res = await raw(port, head, ' '.repeat(150));
      assert.ok(res);
      assert.equal(res.status, 408);
      assert.deepEqual(JSON.parse(res.body), { error: 'The request was not received in time.', code: 'request_timeout' });
      assert.ok(res.headers['x-request-id']);
    });

    it('headers that never end get a 408 problem', async () => {
      assertProblem(await raw(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', 'X-Slow: 1234567890123456789'), 408);
    });

    it('a URL past 8 KiB is a 414 problem, in the vendor shape under /api/v2; past 16 KiB still a 414', async () => {
      assertProblem(await raw(port, `GET /offers/${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`), 414);
      assertProblem(await raw(port, `GET /offers/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`), 414);
      const merchant = await raw(port, `GET /api/v2/${'a'.repeat(9000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.equal(merchant?.status, 414);
      assert.equal(JSON.parse(merchant!.body).code, 'uri_too_long');
      // Just under the limit is routed as usual.
      const routed = await raw(port, `GET /healthz?x=${'a'.repeat(8000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      assert.equal(routed?.status, 200);
    });

    it('headers past 16 KiB are a 431 problem; broken HTTP is a 400 problem', async () => {
      assertProblem(await raw(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`), 431);
      assertProblem(await raw(port, 'THIS IS NOT HTTP\r\n\r\n'), 400);
      // Under /api/v2 the parser's bytes name the surface: the vendor's {error, code}.
      const merchant = await raw(port, `POST /api/v2/invoices/create HTTP/1.1\r\nHost: x\r\nCookie: ${'c'.repeat(20_000)}\r\n\r\n`);
      assert.equal(merchant?.status, 431);
      assert.deepEqual(JSON.parse(merchant!.body), { error: 'The request headers are too large.', code: 'headers_too_large' });
      assert.ok(merchant!.headers['x-request-id']);
    });

    it('closes connections past MAX_CONNECTIONS at once and keeps serving the others', async () => {
      const open = async () => {
        const socket = net.connect(port, '127.0.0.1');
        socket.on('error', () => {});
        await new Promise((r) => socket.once('connect', r));
        return socket;
      };
      const connections = () => new Promise<number>((r) => t.app.server.getConnections((_e, n) => r(n)));
      const held = [await open(), await open(), await open()];
      while ((await connections()) < 3) await new Promise((r) => setTimeout(r, 20));
      const refused = await raw(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      assert.equal(refused, null, 'the 4th connection is closed without an answer');
      const answer = new Promise<string>((resolve) => {
        let data = '';
        held[0]!.on('data', (d) => {
          data += d;
          if (data.includes('\r\n\r\n')) resolve(data);
        });
      });
      held[0]!.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      assert.match(await answer, /^HTTP\/1\.1 200/);
      for (const socket of held) socket.destroy();
    });
  });
}
