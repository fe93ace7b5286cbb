// One HTTP POST with a hard overall deadline, no redirects (node:http never follows them, and a 3xx
// is not a success), the SSRF-guarded lookup, and only the first bytes of the response kept.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { agentFor } from './sender-agents.js';
import { checkTargetUrl, guardedLookup, isPrivateAddress } from './ssrf.js';

export const RESPONSE_EXCERPT_CHARS = 1000;
const READ_LIMIT_BYTES = 4096;

export interface SendResult {
  statusCode: number | null;
  latencyMs: number;
  response: string | null;
  error: string | null;
}

export interface SendRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
  /** Aborts the request (the worker is stopping). */
  signal?: AbortSignal;
}

export async function send(req: SendRequest): Promise<SendResult> {
  const first = await sendOnce(req, true);
  // A kept-alive socket the receiver closed just as it was reused: the request never reached it, so
  // it goes again at once on a fresh connection rather than waiting for a retry.
  return first.staleSocket ? sendOnce(req, false) : first;
}

function sendOnce(req: SendRequest, reuse: boolean): Promise<SendResult & { staleSocket?: boolean }> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'latencyMs'> & { staleSocket?: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...result, latencyMs: elapsed() });
    };
    let url: URL;
    try {
      url = checkTargetUrl(req.url, req.allowPrivate);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      // A literal address skips DNS lookup, so it is checked here.
      if (!req.allowPrivate && net.isIP(host) !== 0 && isPrivateAddress(host))
        throw new Error('The URL points to a private or reserved address.');
    } catch (error) {
      settled = true;
      resolve({ statusCode: null, latencyMs: elapsed(), response: null, error: (error as Error).message });
      return;
    }
    const body = Buffer.from(req.body, 'utf8');
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': String(body.length),
        'User-Agent': 'offerpay-webhooks/1',
        ...req.headers,
      },
      lookup: guardedLookup(req.allowPrivate) as never,
      // Pooled (sender-agents.ts), except for the one repeat after a stale pooled socket.
      agent: reuse ? agentFor(url.protocol, req.allowPrivate) : false,
    });
    // One deadline for connect + send + headers + body: a receiver that trickles bytes cannot hold the worker.
    const deadline = setTimeout(() => {
      request.destroy(new Error(`timed out after ${req.timeoutMs} ms`));
    }, req.timeoutMs);
    const abort = () => request.destroy(new Error('aborted: the worker is stopping'));
    if (req.signal?.aborted) abort();
    req.signal?.addEventListener('abort', abort, { once: true });
    request.on('close', () => req.signal?.removeEventListener('abort', abort));
    let answered = false;
    request.on('error', (error) => {
      const reset = (error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as NodeJS.ErrnoException).code === 'EPIPE';
      finish({ statusCode: null, response: null, error: error.message, staleSocket: reset && request.reusedSocket && !answered });
    });
    request.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () =>
        finish({
          statusCode: response.statusCode ?? null,
          response: Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_EXCERPT_CHARS),
          error: null,
        });
      response.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        if (size >= READ_LIMIT_BYTES) {
          done();
          response.destroy();
        }
      });
      response.on('end', done);
      response.on('error', done);
      response.on('close', done);
    });
    request.end(body);
  });
}
