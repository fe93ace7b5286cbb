// Errors raised below routing — by Node's HTTP parser (headers past 16 KiB, a request line past it,
// malformed HTTP) and by its timers (a request or its headers not received in time) — answered in the
// documented error format with X-Request-Id instead of Node's and Fastify's bare bodies, then the
// connection is closed. Only the socket is known here: a timed-out request that was already routed
// names its URL (and so its surface), the parser's bytes name it for oversized headers; anything else
// gets a problem document.
import crypto from 'node:crypto';
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { AppError } from './errors.js';
import { MAX_URL_BYTES } from './limits.js';
import { requestId } from './logging.js';
import { toProblem } from './problem.js';

type ClientError = Error & { code?: string; rawPacket?: unknown };

/** The body of an error for a request to this URL; null for the problem document. */
export type ErrorBodyFor = (url: string, error: AppError) => Record<string, unknown> | null;

function classify(error: ClientError): AppError {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return new AppError('request_timeout', 'The request was not received in time.');
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    const raw = Buffer.isBuffer(error.rawPacket) ? error.rawPacket : null;
    const lineEnd = raw ? raw.indexOf('\r\n') : -1;
    if (raw && (lineEnd === -1 ? raw.length : lineEnd) > MAX_URL_BYTES) return new AppError('uri_too_long', 'The URL is too long.');
    return new AppError('headers_too_large', 'The request headers are too large.');
  }
  return new AppError('bad_request', 'The request is not valid HTTP.');
}

/** The request target from the bytes the parser refused (its start is enough to tell the surface). */
function urlInPacket(error: ClientError): string | undefined {
  if (!Buffer.isBuffer(error.rawPacket)) return undefined;
  const line = error.rawPacket.subarray(0, Math.min(error.rawPacket.length, 4096)).toString('latin1').split('\r\n', 1)[0]!;
  const target = line.split(' ')[1];
  return target?.startsWith('/') ? target : undefined;
}

export function clientErrorHandler(bodyFor: ErrorBodyFor) {
  return (error: ClientError, socket: Socket): void => {
    // A reset connection is gone: nothing to answer.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    const request: IncomingMessage | undefined = inFlight?.req;
    const appError = classify(error);
    if (socket.writable && !inFlight?.headersSent) {
      const id = request ? requestId(request) : crypto.randomUUID();
      const url = request?.url ?? urlInPacket(error);
      const custom = url ? bodyFor(url, appError) : null;
      const body = JSON.stringify(custom ?? toProblem(appError, id));
      const type = custom ? 'application/json; charset=utf-8' : 'application/problem+json';
      socket.write(
        `HTTP/1.1 ${appError.status} ${STATUS_CODES[appError.status]}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `X-Request-Id: ${id}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
}
