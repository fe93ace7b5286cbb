// Structured JSON logs (pino). Link tokens travel in URL paths, so request URLs are masked
// before they are logged; headers (tokens, signatures) are never logged at all.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { LogLevel } from '../config.js';

const SECRET_PATHS = [/^(\/o\/)[^/?#]+/, /^(\/invoice\/)[^/?#]+/, /^(\/media\/[^/]+\/download\/)[^/?#]+/, /^(\/public\/offers\/)[^/?#]+/];

export function maskUrl(url: string): string {
  for (const pattern of SECRET_PATHS) {
    if (pattern.test(url)) return url.replace(pattern, '$1***');
  }
  return url;
}

export function loggerOptions(level: LogLevel) {
  return {
    level,
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, url: maskUrl(req.url), remoteAddress: req.ip }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's X-Request-Id when it is sane, otherwise makes one. */
export function requestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}
