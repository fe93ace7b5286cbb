// Health, readiness, the OpenAPI document and its interactive reference.
import { Type } from '@sinclair/typebox';
import type { App, Deps } from '../platform/deps.js';

const READINESS_TIMEOUT_MS = 2000;

async function databaseAnswers(deps: Deps): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([deps.db.query('SELECT 1').then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export function registerOperationsRoutes(app: App, deps: Deps): void {
  const Status = Type.Object({ status: Type.String() });
  const common = { tags: ['Operations'], security: [] };

  app.get('/healthz', {
    schema: { ...common, summary: 'Liveness: 200 while the process is up', response: { 200: Status } },
    handler: async () => ({ status: 'ok' }),
  });

  app.get('/readyz', {
    schema: { ...common, summary: 'Readiness: 200 when the database answers, 503 otherwise', response: { 200: Status, 503: Status } },
    handler: async (_request, reply) =>
      (await databaseAnswers(deps)) ? { status: 'ready' } : reply.status(503).send({ status: 'database unavailable' }),
  });

  app.get('/openapi.json', {
    schema: { hide: true },
    handler: async () => app.swagger(),
  });

  app.get('/', {
    schema: { hide: true },
    handler: async () => ({ name: 'offerpay', docs: `${deps.config.publicUrl}/docs`, openapi: `${deps.config.publicUrl}/openapi.json` }),
  });
}
