// Tallies by status class, by class of request and by route, the slowest requests, and each
// failure with what reproduces it (printed, and written as JSON for replay).
import fs from 'node:fs';
import path from 'node:path';
import type { Outcome } from './runner.js';

export interface Tally {
  engine: string;
  requests: number;
  durationMs: number;
  statusClasses: Record<string, number>;
  byKind: Record<string, Record<string, number>>;
  byRoute: Record<string, Record<string, number>>;
  slowest: { ms: number; status: number; method: string; path: string; kind: string }[];
  failures: Outcome[];
  /** Over 5 s during the campaign, at most 5 s sent again alone: the machine's load, not a hang. */
  slowUnderLoad: { ms: number; replayMs: number; method: string; path: string; kind: string }[];
  /** Failures by kind (5xx, hang, non-JSON error …). */
  failureCounts: Record<string, number>;
}

const statusClass = (o: Outcome) => (o.res.error ? 'no answer' : `${Math.floor(o.res.status / 100)}xx`);
const bump = (map: Record<string, Record<string, number>>, key: string, cls: string) => {
  map[key] ??= {};
  map[key][cls] = (map[key][cls] ?? 0) + 1;
};

export function newTally(engine: string): Tally {
  return {
    engine,
    requests: 0,
    durationMs: 0,
    statusClasses: {},
    byKind: {},
    byRoute: {},
    slowest: [],
    failures: [],
    failureCounts: {},
    slowUnderLoad: [],
  };
}

export function record(tally: Tally, o: Outcome): void {
  const cls = statusClass(o);
  tally.requests++;
  tally.statusClasses[cls] = (tally.statusClasses[cls] ?? 0) + 1;
  bump(tally.byKind, o.req.kind, cls);
  bump(tally.byRoute, o.req.route, cls);
  tally.slowest.push({ ms: o.res.ms, status: o.res.status, method: o.req.method, path: o.req.path.slice(0, 120), kind: o.req.kind });
  tally.slowest.sort((a, b) => b.ms - a.ms);
  tally.slowest.length = Math.min(tally.slowest.length, 10);
  if (o.replayMs !== undefined && !o.findings.some((f) => f.kind === 'hang'))
    tally.slowUnderLoad.push({
      ms: o.res.ms,
      replayMs: o.replayMs,
      method: o.req.method,
      path: o.req.path.slice(0, 120),
      kind: o.req.kind,
    });
  if (o.findings.length === 0) return;
  for (const f of o.findings) tally.failureCounts[f.kind] = (tally.failureCounts[f.kind] ?? 0) + 1;
  tally.failures.push(o);
}

const counts = (c: Record<string, number>) =>
  Object.entries(c)
    .sort()
    .map(([k, n]) => `${k} ${n.toLocaleString('en')}`)
    .join(' · ');

const preview = (body: Buffer | string | undefined) => {
  if (body === undefined) return '(no body)';
  const text = Buffer.from(body).toString('utf8');
  return text.length > 300 ? `${JSON.stringify(text.slice(0, 300))} … (${Buffer.byteLength(body)} bytes)` : JSON.stringify(text);
};

/** How to send the request again: method, path, headers (credentials as the run's), body. */
export function reproduction(o: Outcome): string {
  const headers = Object.entries(o.req.headers).map(([k, v]) => `${k}: ${v.length > 120 ? `${v.slice(0, 120)}… (${v.length} chars)` : v}`);
  return [
    `  ${o.req.method} ${o.req.path.length > 300 ? `${o.req.path.slice(0, 300)}… (${o.req.path.length} chars)` : o.req.path}   [${o.req.kind}; auth ${o.req.auth}]`,
    ...headers.map((h) => `    ${h}`),
    `    body: ${preview(o.req.body)}`,
    `    → ${o.res.error ?? o.res.status} in ${o.res.ms} ms: ${o.res.body.toString('utf8').slice(0, 200)}`,
    ...o.findings.map((f) => `    ✗ ${f.kind}: ${f.detail}`),
  ].join('\n');
}

export function summary(t: Tally): string {
  const lines = [
    `== ${t.engine}: ${t.requests.toLocaleString('en')} requests in ${(t.durationMs / 1000).toFixed(1)} s (${Math.round(t.requests / (t.durationMs / 1000))} req/s)`,
    `status classes: ${counts(t.statusClasses)}`,
    `failures: ${Object.keys(t.failureCounts).length === 0 ? 'none' : counts(t.failureCounts)}`,
    '',
    'by class of request:',
    ...Object.entries(t.byKind)
      .sort()
      .map(([k, c]) => `  ${k}: ${counts(c)}`),
    '',
    'by route:',
    ...Object.entries(t.byRoute)
      .sort()
      .map(([k, c]) => `  ${k}: ${counts(c)}`),
    '',
    'slowest:',
    ...t.slowest.map((s) => `  ${s.ms} ms  ${s.status}  ${s.method} ${s.path}  [${s.kind}]`),
    '',
    `over 5 s under load, at most 5 s sent again alone (not hangs): ${t.slowUnderLoad.length}`,
    ...t.slowUnderLoad.map((s) => `  ${s.ms} ms, again ${s.replayMs} ms  ${s.method} ${s.path}  [${s.kind}]`),
  ];
  if (t.failures.length > 0) {
    const shown = t.failures.slice(0, 30);
    lines.push('', `failures (${t.failures.length}; the first ${shown.length}):`, ...shown.map(reproduction));
  }
  return lines.join('\n');
}

/** Writes every failure, bodies base64, for replay: test-output/fuzz/<engine>-failures.json. */
export function writeFailures(dir: string, t: Tally): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${t.engine}-failures.json`);
  const rows = t.failures.map((o) => ({
    index: o.index,
    kind: o.req.kind,
    auth: o.req.auth,
    method: o.req.method,
    path: o.req.path,
    headers: o.req.headers,
    bodyBase64: o.req.body === undefined ? null : Buffer.from(o.req.body).toString('base64'),
    status: o.res.status,
    ms: o.res.ms,
    answer: o.res.body.toString('utf8').slice(0, 2000),
    findings: o.findings,
  }));
  fs.writeFileSync(
    file,
    JSON.stringify({ engine: t.engine, requests: t.requests, failureCounts: t.failureCounts, failures: rows }, null, 2),
  );
  return file;
}
