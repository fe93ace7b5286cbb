// The embedded engine's footprint (issue 17), in a minute instead of the full bench's five:
//
//   npm run build && node --import tsx bench/footprint.ts [--runs 3] [--requests 3000] [--tsx]
//
// Per run, on a fresh DATA_DIR: spawn `dist/main.js serve` (`--tsx`: src/main.ts under tsx) and time
// spawn → first healthy answer (the database's creation included), read RSS 2 s later, stop it
// (SIGTERM, a clean shutdown); restart on the same directory and time it again, read RSS 2 s later,
// then a short load — offer creates, then list pages over distinct filters, orderings and pages,
// enough to fill the list cache — and read the peak resident memory (VmHWM) and RSS after it.
// Prints one row per run and the median; the load average goes with it (timings are noisy on a shared host).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serverArgs } from './server-command.js';

const root = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    requests: { type: 'string', default: '3000' },
    tsx: { type: 'boolean', default: false },
  },
});

const mb = (kb: number) => Math.round(kb / 1024);

function memory(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)![1]);
  return { rss: mb(kb('VmRSS')), hwm: mb(kb('VmHWM')) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  ms: number;
  /** The server's CPU time (all threads) from spawn to its first healthy answer, ms: steadier than wall time on a shared host. */
  cpuMs: number;
  output: () => string;
}

/** User + system CPU ms of a process (all its threads), from /proc. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ is 100 on Linux
}

/** The server's own account of its start-up phases (the `started` log line's startupMs). */
function phasesOf(output: string): string {
  const line = output.split('\n').find((l) => l.includes('"startupMs"'));
  if (!line) return '';
  const phases = (JSON.parse(line) as { startupMs: Record<string, number> }).startupMs;
  return Object.entries(phases)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

async function start(dataDir: string, port: number): Promise<Started> {
  const entry = args.tsx ? ['--import', 'tsx', 'src/main.ts', 'serve'] : serverArgs([], 'serve');
  const t0 = performance.now();
  const child = spawn(process.execPath, entry, {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      RATE_LIMITS: 'off',
      LOG_LEVEL: 'info',
      REQUEST_LOG: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${out}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok)
        return { child, ms: performance.now() - t0, cpuMs: cpuMs(child.pid!), output: () => out };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`no healthy answer:\n${out}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Offer creates, then list pages (distinct filters × orderings × pages: each a new cache entry), 16 at a time. */
async function load(port: number, token: string, total: number): Promise<void> {
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };
  const creates = Math.min(300, Math.floor(total / 10));
  const lists: string[] = [];
  const orders = ['createdAt', 'name', 'number', 'cachedContractValueCents'];
  const statuses = ['', 'status[]=open&', 'status[]=open&status[]=signing&'];
  for (let i = 0; lists.length < total - creates; i++) {
    const order = orders[i % orders.length]!;
    const status = statuses[Math.floor(i / orders.length) % statuses.length]!;
    const page = 1 + (Math.floor(i / (orders.length * statuses.length)) % 10);
    // Distinct limits make distinct pages of the cache beyond the 10 pages the offers fill.
    const limit = 10 + (Math.floor(i / (orders.length * statuses.length * 10)) % 20);
    lists.push(`/offers?${status}order[${order}]=${i % 2 ? 'asc' : 'desc'}&page=${page}&limit=${limit}`);
  }
  const work: (() => Promise<void>)[] = [];
  for (let i = 0; i < creates; i++)
    work.push(async () => {
      const res = await fetch(`${base}/offers`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ name: `Footprint offer ${i}`, acceptanceMode: 'click' }),
      });
      if (res.status !== 201 && res.status !== 200) throw new Error(`create: ${res.status} ${await res.text()}`);
    });
  const createsDone = work.length;
  for (const url of lists)
    work.push(async () => {
      const res = await fetch(`${base}${url}`, { headers });
      if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    });
  // Creates first (the list pages then have rows), then the lists.
  const run = async (items: (() => Promise<void>)[]) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < items.length) await items[next++]!();
      }),
    );
  };
  await run(work.slice(0, createsDone));
  await run(work.slice(createsDone));
}

interface Row {
  first: number;
  firstCpu: number;
  firstRss: number;
  restart: number;
  restartCpu: number;
  restartRss: number;
  afterLoadRss: number;
  peak: number;
}

async function once(): Promise<Row> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'offerpay-footprint-'));
  const port = await freePort();
  try {
    const first = await start(dataDir, port);
    await sleep(2000);
    const firstRss = memory(first.child.pid!).rss;
    const token = /TOKEN=(api_\S+?)[;\s]/.exec(first.output())?.[1];
    await stop(first.child);
    if (!token) throw new Error(`the first start printed no API token:\n${first.output()}`);
    const again = await start(dataDir, port);
    try {
      await sleep(2000);
      const restartRss = memory(again.child.pid!).rss;
      await load(port, token, Number(args.requests));
      const after = memory(again.child.pid!);
      console.log(`  phases (ms): first start: ${phasesOf(first.output())}; restart: ${phasesOf(again.output())}`);
      return {
        first: first.ms,
        firstCpu: first.cpuMs,
        firstRss,
        restart: again.ms,
        restartCpu: again.cpuMs,
        restartRss,
        afterLoadRss: after.rss,
        peak: after.hwm,
      };
    } finally {
      await stop(again.child);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
const n = (v: number) => Math.round(v).toLocaleString('en');
const fmt = (r: Row) =>
  `| ${n(r.first)} | ${n(r.firstCpu)} | ${r.firstRss} | ${n(r.restart)} | ${n(r.restartCpu)} | ${r.restartRss} | ${r.afterLoadRss} | ${r.peak} |`;
console.log(
  `${args.tsx ? 'src/main.ts (tsx)' : 'dist/main.js'} · Node ${process.version} · ${os.cpus().length} CPUs · ${args.requests} requests`,
);
console.log(
  '| first start to healthy ms | its CPU ms | RSS MB | restart to healthy ms | its CPU ms | RSS MB | RSS after load MB | peak (VmHWM) MB |',
);
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (let i = 0; i < Number(args.runs); i++) {
  const row = await once();
  rows.push(row);
  console.log(`${fmt(row)}  load ${os.loadavg()[0]!.toFixed(2)}`);
}
const median = (pick: (r: Row) => number) => {
  const sorted = rows.map(pick).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
console.log(
  `median: ${fmt({
    first: median((r) => r.first),
    firstCpu: median((r) => r.firstCpu),
    firstRss: median((r) => r.firstRss),
    restart: median((r) => r.restart),
    restartCpu: median((r) => r.restartCpu),
    restartRss: median((r) => r.restartRss),
    afterLoadRss: median((r) => r.afterLoadRss),
    peak: median((r) => r.peak),
  })}  load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ')}`,
);
