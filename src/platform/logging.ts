// Structured JSON logs (pino). Link tokens travel in URL paths, so request URLs are masked
// before they are logged; credentials sent in a query string (`?access_token=…`) are masked too;
// headers (tokens, signatures) are never logged at all. Errors are logged by an allow-list of
// fields: a database error carries the query's parameters (offer bodies, personal data), never logged.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { LogLevel, RequestLog } from '../config.js';

const SECRET_PATHS = [/^(\/o\/)[^/?#]+/, /^(\/invoice\/)[^/?#]+/, /^(\/media\/[^/]+\/download\/)[^/?#]+/, /^(\/public\/offers\/)[^/?#]+/];

/** Query parameters whose values are credentials, whatever a client calls them. */
const SECRET_PARAM = /token|key|secret|sig|pass|auth|session|code|jwt|bearer/i;

function maskQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq > 0 && SECRET_PARAM.test(pair.slice(0, eq)) ? `${pair.slice(0, eq)}=***` : pair;
    })
    .join('&');
}

export function maskUrl(url: string): string {
  const q = url.indexOf('?');
  let path = q === -1 ? url : url.slice(0, q);
  for (const pattern of SECRET_PATHS) {
    if (pattern.test(path)) {
      path = path.replace(pattern, '$1***');
      break;
    }
  }
  return q === -1 ? path : `${path}?${maskQuery(url.slice(q + 1))}`;
}

/** What an error log line keeps: never an error's own extra fields (a query's parameters, a body). */
export function serializeError(error: Error): { type: string; message: string; stack: string; code?: string } {
  const code = (error as { code?: unknown }).code;
  return { type: error.constructor.name, message: error.message, stack: error.stack ?? '', ...(typeof code === 'string' ? { code } : {}) };
}

export function loggerOptions(level: LogLevel) {
  return {
    level,
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, url: maskUrl(req.url), remoteAddress: req.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: serializeError,
    },
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's X-Request-Id when it is sane, otherwise makes one. */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}

/**
 * The access log (REQUEST_LOG). `all` is Fastify's own: "incoming request" and "request completed"
 * for every request. `errors` writes one "request completed" line (request, status, time) for answers
 * of 400 and more; `off` none. Either spares a hot path the two lines' serialising and writing (about
 * a tenth of a signed create's CPU, bench/README.md). Fastify's error lines (a failed response, a
 * stream error) and the error handlers' own stay; every line carries the request's id (reqId), as
 * every response does (X-Request-Id).
 */
export function requestLogController(mode: RequestLog): LogController | undefined {
  if (mode === 'all') return undefined;
  return new (class extends LogController {
    override incomingRequest(): void {}
    override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
      if (error) super.requestCompleted(error, request, reply);
      else if (mode === 'errors' && reply.statusCode >= 400)
        reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  })();
}
