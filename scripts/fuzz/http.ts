// One raw HTTP/1.1 request over a keep-alive agent: node:http sends the path, headers and body
// exactly as built (broken percent-encoding, over-long URLs, odd content types) and times it.
import http from 'node:http';
import type { FuzzRequest, FuzzResponse } from './request.js';

const KEEP_BYTES = 256 * 1024;

/**
 * A keep-alive connection the server has just closed (it does after a 431 or a body it did not
 * read) fails at once with ECONNRESET: a request reset before any answer is sent again once, on a
 * new connection; a reset that repeats is reported.
 */
export async function send(agent: http.Agent, baseUrl: string, req: FuzzRequest, timeoutMs: number): Promise<FuzzResponse> {
  const first = await sendOnce(agent, baseUrl, req, timeoutMs);
  return first.error && /ECONNRESET|EPIPE/.test(first.error) ? sendOnce(false, baseUrl, req, timeoutMs) : first;
}

function sendOnce(agent: http.Agent | false, baseUrl: string, req: FuzzRequest, timeoutMs: number): Promise<FuzzResponse> {
  const url = new URL(baseUrl);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const done = (response: FuzzResponse) => {
      if (settled) return;
      settled = true;
      resolve(response);
    };
    const failed = (error: string) => done({ status: 0, headers: {}, body: Buffer.alloc(0), bytes: 0, ms: elapsed(), error });
    let outgoing: http.ClientRequest;
    try {
      const body = req.body === undefined ? undefined : Buffer.from(req.body);
      outgoing = http.request({
        agent,
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: body === undefined ? req.headers : { 'content-length': String(body.length), ...req.headers },
      });
      outgoing.setTimeout(timeoutMs, () => {
        failed(`no answer within ${timeoutMs} ms`);
        outgoing.destroy();
      });
      outgoing.on('error', (error) => failed(`${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`.trim()));
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        response.on('data', (chunk: Buffer) => {
          if (bytes < KEEP_BYTES) chunks.push(chunk);
          bytes += chunk.length;
        });
        response.on('error', (error) => failed(error.message));
        response.on('end', () =>
          done({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), bytes, ms: elapsed() }),
        );
      });
      outgoing.end(body);
    } catch (error) {
      failed(`client refused to send: ${(error as Error).message}`);
    }
  });
}
