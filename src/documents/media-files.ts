// The file half of the media store: bytes under one directory (DATA_DIR/media, or MEDIA_DIR), one file
// per media at `<organisation>/<media id>`. Every file is first written to `tmp/` while it is hashed,
// fsynced, and only then renamed into place, so a file under its final name is always complete. The
// row that names a file is written after the rename: a crash between the two leaves an orphan file
// (sweepOrphanFiles removes it), never a row without its file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** An upload written to the media directory's tmp/ and not yet named by a row. */
export interface StagedFile {
  tempPath: string;
  sizeBytes: number;
  sha256: string;
  /** The first bytes (a file-type check needs no more). */
  head: Buffer;
}

const HEAD_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DIR_MODE = 0o700;

const tmpDir = (dir: string) => path.join(dir, 'tmp');

/** A file's place, relative to the media directory (the row keeps this, so the directory may move). */
export const relativePath = (organisationId: string, id: string) => path.join(organisationId, id);

export async function removeQuietly(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true });
}

/** fsync through a fresh descriptor: it flushes the file's (or directory's) data whoever wrote it. */
async function sync(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Streams `source` into tmp/ while hashing it; never holds more than a chunk in memory. Removes the part on failure. */
export async function stageStream(dir: string, source: Readable): Promise<StagedFile> {
  await fs.promises.mkdir(tmpDir(dir), { recursive: true, mode: DIR_MODE });
  const tempPath = path.join(tmpDir(dir), `${crypto.randomUUID()}.part`);
  const hash = crypto.createHash('sha256');
  let sizeBytes = 0;
  let head = Buffer.alloc(0);
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, fs.createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
    await sync(tempPath);
  } catch (error) {
    await removeQuietly(tempPath);
    throw error;
  }
  return { tempPath, sizeBytes, sha256: hash.digest('hex'), head };
}

/** Bytes already in memory (rendered PDFs), staged the same way. */
export async function stageBuffer(dir: string, content: Buffer): Promise<StagedFile> {
  return stageStream(dir, Readable.from([content]));
}

/** Renames a staged file to its final place (and makes the rename durable); returns the relative path. */
export async function placeStaged(dir: string, staged: StagedFile, organisationId: string, id: string): Promise<string> {
  const relative = relativePath(organisationId, id);
  const target = path.join(dir, relative);
  await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: DIR_MODE });
  await fs.promises.rename(staged.tempPath, target);
  await sync(path.dirname(target));
  return relative;
}

/** Opens a stored file for reading (fails now, before any header is sent, if it is missing). */
export async function openStored(dir: string, relative: string): Promise<Readable> {
  const handle = await fs.promises.open(path.join(dir, relative), 'r');
  return handle.createReadStream();
}

/**
 * Removes what no row names, once older than `olderThan`: parts left in tmp/ by an interrupted upload,
 * and files whose row never committed (a crash or a rollback after the rename). `known` answers which
 * of one organisation's ids have a row.
 */
export async function sweepOrphanFiles(
  dir: string,
  olderThan: Date,
  known: (organisationId: string, ids: string[]) => Promise<Set<string>>,
): Promise<number> {
  let removed = 0;
  const old = async (file: string) => (await fs.promises.stat(file).catch(() => null))?.mtime.getTime() ?? Infinity;
  const entries = await fs.promises.readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    // Only what this module writes: tmp/ and organisation folders of UUID-named files.
    if (!entry.isDirectory() || (entry.name !== 'tmp' && !UUID.test(entry.name))) continue;
    const sub = path.join(dir, entry.name);
    const names = await fs.promises.readdir(sub);
    const stale: string[] = [];
    for (const name of names)
      if ((entry.name === 'tmp' || UUID.test(name)) && (await old(path.join(sub, name))) < olderThan.getTime()) stale.push(name);
    if (stale.length === 0) continue;
    const keep = entry.name === 'tmp' ? new Set<string>() : await known(entry.name, stale);
    for (const name of stale.filter((n) => !keep.has(n))) {
      await removeQuietly(path.join(sub, name));
      removed++;
    }
  }
  return removed;
}
