// Kept-alive connections for webhook sends: a new TCP (and TLS) connection per delivery cost more
// worker CPU than anything else it did. One agent per protocol and SSRF mode pools sockets per
// host:port. A pooled socket was connected through the guarded lookup, so it only ever reaches an
// address that was checked; it is retired after MAX_SOCKET_AGE_MS so that a changed DNS answer
// takes effect within that time even under constant traffic.
import http from 'node:http';
import https from 'node:https';
import { guardedLookup } from './ssrf.js';

const MAX_SOCKET_AGE_MS = 60_000;
/** Idle sockets close before a receiver's likely keep-alive timeout (Node's default is 5 s). */
const IDLE_TIMEOUT_MS = 4000;

const born = new WeakMap<object, number>();

function keepAlive<A extends http.Agent>(agent: A): A {
  const keep = agent.keepSocketAlive.bind(agent);
  agent.keepSocketAlive = (socket) => {
    if (!born.has(socket)) born.set(socket, Date.now());
    const since = born.get(socket)!;
    return Date.now() - since < MAX_SOCKET_AGE_MS && keep(socket);
  };
  return agent;
}

const options = (allowPrivate: boolean) =>
  ({ keepAlive: true, timeout: IDLE_TIMEOUT_MS, scheduling: 'lifo', lookup: guardedLookup(allowPrivate) }) as http.AgentOptions;

const agents = {
  'http:': [false, true].map((p) => keepAlive(new http.Agent(options(p)))),
  'https:': [false, true].map((p) => keepAlive(new https.Agent(options(p)))),
};

/** The pooling agent for a URL's protocol. */
export const agentFor = (protocol: string, allowPrivate: boolean): http.Agent =>
  agents[protocol === 'https:' ? 'https:' : 'http:'][allowPrivate ? 1 : 0]!;
