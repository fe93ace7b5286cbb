// What every route module gets from the app: configuration, database, secret key and clock.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Clock } from './time.js';

export interface Deps {
  config: Config;
  db: Database;
  secretKey: Buffer;
  clock: Clock;
}

/** A Fastify instance with TypeBox schemas as the source of request and reply types. */
export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  TypeBoxTypeProvider
>;
