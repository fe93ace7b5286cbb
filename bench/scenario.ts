// The contract between bench/run.ts and the scenario modules in bench/scenarios/.
import type { Database } from '../src/db/database.js';

export interface BenchContext {
  /** Where the server will listen (it is not running yet while scenarios seed). */
  baseUrl: string;
  /** The server's database, open only during setup: seed through it. */
  db: Database;
  organisationId: string;
  apiToken: string;
  merchantKey: string;
  merchantSecret: string;
  adminToken: string;
  /** Offers to seed for the list scenarios (`--offers`). */
  offerCount: number;
}

export interface BenchRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Scenario {
  name: string;
  request: BenchRequest;
  /** Called by autocannon before each request (fresh ids, signatures). */
  setupRequest?: (request: BenchRequest) => BenchRequest;
  /** Extra environment for the server this scenario runs against (one server per distinct set). */
  serverEnv?: Record<string, string>;
}

/** A module in bench/scenarios/ default-exports one of these. */
export type ScenarioSetup = (ctx: BenchContext) => Promise<Scenario[]>;
