// Sends the campaign: request i is generated from the seeded source in order (valid from a schema,
// or one mutation class by weight), so a seed replays the same requests; ~8 in flight at a time.
import http from 'node:http';
import { withCredentials } from './auth.js';
import { validRequest } from './build.js';
import { check, type Finding } from './checks.js';
import { send } from './http.js';
import type { MutationInput } from './mutation.js';
import { MUTATORS } from './mutators.js';
import { methodsByPath, type Operation } from './operations.js';
import { createRng } from './random.js';
import type { FuzzRequest, FuzzResponse } from './request.js';
import type { World } from './world.js';

export interface RunOptions {
  requests: number;
  seed: number;
  concurrency: number;
  /** Share of schema-driven valid requests; the rest are mutations. */
  validShare?: number;
  /** Called after every answer; returns a description when the server has died. */
  crashed?: () => string | null;
}

export interface Outcome {
  index: number;
  req: FuzzRequest;
  res: FuzzResponse;
  findings: Finding[];
  /** Set when a slow answer was sent again alone (replay.ts): how long that took. */
  replayMs?: number;
}

/** A deterministic stream of requests for `seed`. */
export function requestStream(ops: Operation[], world: World, seed: number, validShare = 0.35): () => FuzzRequest {
  const rng = createRng(seed);
  const input: MutationInput = { rng, world, ops, methods: methodsByPath(ops) };
  const mutators = Object.values(MUTATORS);
  const total = mutators.reduce((sum, m) => sum + m.weight, 0);
  return () => {
    if (rng.chance(validShare)) return validRequest(rng.pick(ops), rng, world);
    let roll = rng.next() * total;
    for (const m of mutators) {
      roll -= m.weight;
      if (roll <= 0) return m.make(input);
    }
    return mutators[0]!.make(input);
  };
}

export async function runRequests(
  world: World,
  ops: Operation[],
  options: RunOptions,
  onOutcome: (outcome: Outcome) => void,
): Promise<{ crash: string | null }> {
  const next = requestStream(ops, world, options.seed, options.validShare);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  let issued = 0;
  let crash: string | null = null;
  const worker = async () => {
    while (issued < options.requests && crash === null) {
      const index = issued++;
      const req = next();
      const sent = { ...req, headers: withCredentials(req, world) };
      const res = await send(agent, world.baseUrl, sent, 30_000);
      const findings = check(req, res);
      crash = options.crashed?.() ?? null;
      if (crash) findings.push({ kind: 'crash', detail: crash });
      onOutcome({ index, req: sent, res, findings });
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return { crash };
}
