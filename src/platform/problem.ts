// RFC 9457 problem details: the error format of the Offers API and the admin API.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TooManyRequests, type AppError } from './errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  violations?: { propertyPath: string; message: string; code: string }[];
  requestId: string;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function toProblem(error: AppError, requestId: string): Problem {
  return {
    type: `/problems/${error.code.replaceAll('_', '-')}`,
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    // 5xx bodies never carry internals.
    detail: error.status >= 500 && error.code === 'internal' ? 'An internal error occurred.' : error.message,
    ...(error.violations.length > 0
      ? { violations: error.violations.map((v) => ({ propertyPath: v.propertyPath, message: v.message, code: v.code ?? 'invalid' })) }
      : {}),
    requestId,
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  if (error.status === 401) reply.header('www-authenticate', 'Bearer');
  if (error instanceof TooManyRequests) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.status(error.status).type('application/problem+json').send(toProblem(error, request.id));
}
