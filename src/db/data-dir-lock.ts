// PGlite does not stop a second process from opening the same data directory, and two writers
// corrupt it. Whoever opens the embedded database holds an exclusive kernel lock on
// DATA_DIR/offerpay.lock (an open-file-description lock, fcntl F_OFD_SETLK, on Linux; flock on
// macOS) for as long as it runs. The kernel releases it when the process ends, however it ends,
// and it holds across PID namespaces (two containers on one volume), where a pid proves nothing.
// The holder's pid and host are written into the file for the error message only, never trusted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tryLock } from 'fs-native-extensions';

export const LOCK_FILE = 'offerpay.lock';

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    /** What the holder wrote about itself ("pid 12 on host a since …"), if anything readable. */
    readonly holder: string | null,
  ) {
    super(
      `The data directory ${dataDir} is in use by another offerpay process${holder ? ` (${holder})` : ''}. ` +
        'Stop it first, or manage a running server through its admin API (set ADMIN_TOKEN and use /admin/organisations).',
    );
  }
}

export interface DataDirLock {
  release(): void;
}

/** The holder's note, if it is one we wrote: anything else (a half-written file, garbage) is not shown. */
function readHolder(fd: number): string | null {
  const buffer = Buffer.alloc(200);
  const text = buffer
    .subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0))
    .toString('utf8')
    .trim();
  return /^pid \d+ on host [\w.-]{1,64} since [\dT:.Z-]{20,24}$/.test(text) ? text : null;
}

/** Takes the data directory's lock, or throws DataDirBusyError at once if another process holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // An exclusive lock needs a descriptor open for writing. The file is never removed: a process
  // could otherwise lock the removed file while a newcomer locks a fresh one, and both would hold it.
  const fd = fs.openSync(path.join(dataDir, LOCK_FILE), fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  try {
    if (!tryLock(fd)) throw new DataDirBusyError(dataDir, readHolder(fd));
    fs.ftruncateSync(fd, 0);
    fs.writeSync(fd, `pid ${process.pid} on host ${os.hostname()} since ${new Date().toISOString()}\n`, 0);
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      // Closing the descriptor releases the lock; the note stays until the next holder rewrites it.
      fs.closeSync(fd);
    },
  };
}
