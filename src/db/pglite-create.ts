// Creating an embedded database (initdb) grows PGlite's WebAssembly heap to about 700 MB, which a
// process never gives back. The server therefore creates a new data directory in a short-lived child
// process and then opens it itself, at the size of a restart.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** True once initdb has completed in `pgdata` (PostgreSQL writes PG_VERSION). */
export const isCreated = (pgdata: string): boolean => fs.existsSync(path.join(pgdata, 'PG_VERSION'));

/** Creates the cluster in `pgdata` in a child process, unless it exists. */
export async function createInChildProcess(pgdata: string): Promise<void> {
  if (isCreated(pgdata)) return;
  const self = fileURLToPath(import.meta.url);
  // Under tsx (tests, bench seeding) the child needs the same loader as this process.
  const child = fork(self, [pgdata], { execArgv: loaderArgs(process.execArgv), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0 || !isCreated(pgdata)) throw new Error(`creating the embedded database in ${pgdata} failed (exit code ${code})`);
}

/** The module loaders of this process (`--import tsx`), without its other flags (--test, --cpu-prof …). */
function loaderArgs(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (/^--(import|require|loader|experimental-loader)=/.test(arg)) out.push(arg);
    else if (/^--(import|require|loader|experimental-loader)$/.test(arg) && i + 1 < argv.length) out.push(arg, argv[++i]!);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { createPGlite } = await import('./pglite.js');
  await createPGlite(process.argv[2]!);
}
