// The real server as a child process (`offerpay serve` through tsx), started and SIGKILLed by the crash test.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const MAIN = path.resolve(import.meta.dirname, '../../src/main.ts');

export interface Server {
  baseUrl: string;
  output(): string;
  /** SIGKILL, then wait for the process to be gone (the kernel has released its lock and sockets). */
  kill(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the server on env (DATA_DIR or DATABASE_URL …) and resolves once /readyz answers 200. */
export async function startServer(env: Record<string, string>, timeoutMs = 120_000): Promise<Server> {
  const port = await freePort();
  const clean = { ...process.env };
  for (const key of ['DATABASE_URL', 'DATA_DIR', 'ADMIN_TOKEN', 'SECRET_KEY', 'PUBLIC_URL', 'HOST', 'NODE_ENV']) delete clean[key];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve'], {
    env: { ...clean, LOG_LEVEL: 'warn', RATE_LIMITS: 'off', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} while starting:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok) return { baseUrl, output: () => output, kill };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await kill();
  throw new Error(`the server did not become ready within ${timeoutMs} ms:\n${output}`);
}
