// One process at a time on an embedded data directory, enforced by a kernel lock: a second server
// refuses to start and touches nothing, also from another PID namespace (a second container on the
// same volume, where the holder's pid means nothing), and the lock dies with its holder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { preparedDataDir, runCli, startServerProcess, type ServerProcess, type SpawnOptions } from '../helpers/process.js';

// A user namespace lets the same flags work for root and for an unprivileged user.
const NAMESPACED: SpawnOptions = { prefix: ['unshare', '--user', '--map-root-user', '--pid', '--fork', '--mount-proc', '--kill-child'] };

function unshareMissing(): string | false {
  const probe = spawnSync(NAMESPACED.prefix![0]!, [...NAMESPACED.prefix!.slice(1), 'true']);
  if (probe.error) return `unshare is not available (${(probe.error as NodeJS.ErrnoException).code}): the namespace test is skipped`;
  if (probe.status !== 0) return `unshare cannot create namespaces here (${probe.stderr.toString().trim()}): the namespace test is skipped`;
  return false;
}

/**
 * Every file under pgdata, and postmaster.pid's content: a refused server creates, removes or takes
 * over nothing. (Sizes and times are not compared: the first server may have flushed before it was paused.)
 */
function snapshot(dataDir: string): string[] {
  const root = path.join(dataDir, 'pgdata');
  const pid = path.join(root, 'postmaster.pid');
  const names = (fs.readdirSync(root, { recursive: true }) as string[]).sort();
  return fs.existsSync(pid) ? [...names, fs.readFileSync(pid, 'utf8')] : names;
}

const lockNote = (dataDir: string) => fs.readFileSync(path.join(dataDir, 'offerpay.lock'), 'utf8');

async function createOffer(server: ServerProcess): Promise<{ token: string; id: string }> {
  const token = /TOKEN=(api_[A-Za-z0-9_-]+);/.exec(server.output())![1]!;
  const created = await fetch(`${server.baseUrl}/offers`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Held by the first server' }),
  });
  assert.equal(created.status, 201);
  return { token, id: ((await created.json()) as { id: string }).id };
}

async function offerName(server: ServerProcess, token: string, id: string): Promise<unknown> {
  const response = await fetch(`${server.baseUrl}/offers/${id}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200);
  return ((await response.json()) as { name: unknown }).name;
}

/** The server inside `unshare --fork` is its namespace's init, the child of the unshare process. */
function namespacedServerPid(server: ServerProcess): number {
  const pid = server.child.pid!;
  return Number(fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0]);
}

/**
 * The second server must refuse with the message and touch nothing, the first must serve on, then
 * a SIGKILL of the first hands the directory over. `pid` is the first server's process. It is paused
 * (SIGSTOP) while the second one tries: its own work — the embedded maintenance's first pass, 10 s
 * after start, creates files — must not be taken for the refused server's, and a paused holder still
 * holds the kernel lock.
 */
async function secondRefusedUntilFirstDies(dataDir: string, first: ServerProcess, pid: number, options: SpawnOptions) {
  const offer = await createOffer(first);
  const note = lockNote(dataDir);
  process.kill(pid, 'SIGSTOP');
  const before = snapshot(dataDir);
  const files = fs.readdirSync(dataDir).sort();

  const refused = await runCli(['serve'], { DATA_DIR: dataDir }, { ...options, timeoutMs: 60_000 }).finally(() =>
    process.kill(pid, 'SIGCONT'),
  );
  assert.notEqual(refused.code, 0, `the second server started:\n${refused.stdout}${refused.stderr}`);
  assert.notEqual(refused.code, null, 'the second server did not exit');
  assert.match(
    refused.stderr,
    /^offerpay: The data directory .* is in use by another offerpay process \(pid \d+ on host \S+ since \S+\)\. Stop it first/m,
  );
  assert.equal(lockNote(dataDir), note, 'the refused server rewrote the lock file');
  assert.deepEqual(snapshot(dataDir), before, 'the refused server wrote to the database');
  assert.deepEqual(fs.readdirSync(dataDir).sort(), files);
  assert.equal(await offerName(first, offer.token, offer.id), 'Held by the first server');

  process.kill(pid, 'SIGKILL');
  await first.exited;
  const second = await startServerProcess({ DATA_DIR: dataDir }, 90_000, options);
  try {
    assert.equal(await offerName(second, offer.token, offer.id), 'Held by the first server');
    assert.notEqual(lockNote(dataDir), note, 'the new holder names itself in the lock file');
  } finally {
    second.child.kill('SIGKILL');
    await second.exited;
  }
}

describe('data directory lock', () => {
  it('a second server in the same namespace refuses to start until the first is killed; the CLI refuses too', async () => {
    const dataDir = await preparedDataDir();
    const first = await startServerProcess({ DATA_DIR: dataDir });
    try {
      assert.match(lockNote(dataDir), new RegExp(`^pid ${first.child.pid} on host `));
      for (const args of [
        ['token', 'create', '--org', crypto.randomUUID()],
        ['merchant-key', 'rotate', '--org', crypto.randomUUID()],
      ]) {
        const result = await runCli(args, { DATA_DIR: dataDir });
        assert.equal(result.code, 1, args.join(' '));
        assert.match(result.stderr, new RegExp(`in use by another offerpay process \\(pid ${first.child.pid} on host `));
        assert.match(result.stderr, /admin API/);
      }
      await secondRefusedUntilFirstDies(dataDir, first, first.child.pid!, {});
    } finally {
      first.child.kill('SIGKILL');
    }
  });

  it('a second server in another PID namespace refuses to start until the first is killed', { skip: unshareMissing() }, async () => {
    const dataDir = await preparedDataDir();
    const first = await startServerProcess({ DATA_DIR: dataDir }, 90_000, NAMESPACED);
    try {
      // Inside its namespace the first server is pid 1, as the second server is in its own.
      assert.match(lockNote(dataDir), /^pid 1 on host /);
      await secondRefusedUntilFirstDies(dataDir, first, namespacedServerPid(first), NAMESPACED);
    } finally {
      first.child.kill('SIGKILL');
    }
  });
});
