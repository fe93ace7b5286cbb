// Storage of documents and uploads (signed PDFs, audit trails, purchase orders, published offers)
// behind one interface. The row (offer_media) is written inside the caller's transaction, so a
// document exists exactly when the state change that produced it committed. Where the bytes live:
// - in files (media-files.ts) under the media directory: MEDIA_DIR when set, else DATA_DIR/media on the
//   embedded engine — large uploads then never pass through PGlite, which holds a whole bytea in its
//   single-threaded WASM heap (a 20 MB upload stalled every other request for 6–7 s);
// - in the row (bytea) on PostgreSQL without MEDIA_DIR: replicas share no disk, and PostgreSQL takes a
//   20 MB bytea in ~50 ms. Set MEDIA_DIR to a directory all replicas share to keep files there too.
// Reads handle either kind of row, whatever the current setting: older rows keep their bytes.
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Queryable } from '../db/database.js';
import { insertRows, type Column, type Params } from '../db/write-batch.js';
import { sha256 } from '../platform/crypto.js';
import type { Deps } from '../platform/deps.js';
import { openStored, placeStaged, removeQuietly, stageBuffer, sweepOrphanFiles, type StagedFile } from './media-files.js';

export interface NewMedia {
  id: string;
  organisationId: string;
  offerId: string;
  /** signed_document, audit_log, purchase_order, offer_document */
  kind: string;
  filename: string | null;
  contentType: string;
  /** Bytes in memory, or an upload staged in the media directory. */
  content: Buffer | StagedFile;
  createdAt: Date;
  /** One stored document per (offer, version key): the published PDF of one published version. */
  versionKey?: string;
}

export interface StoredMedia {
  id: string;
  organisationId: string;
  offerId: string;
  kind: string;
  filename: string | null;
  contentType: string;
  sizeBytes: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  createdAt: Date;
  /** The bytes themselves (a database row) or a file to stream. */
  open(): Promise<Buffer | Readable>;
}

type MediaDeps = Pick<Deps, 'config' | 'db'>;

/** Where media files go, or null when bytes go into the row (see above). */
export function mediaDirOf(deps: MediaDeps): string | null {
  if (deps.config.mediaDir) return deps.config.mediaDir;
  return deps.db.engine === 'pglite' ? path.join(deps.config.dataDir, 'media') : null;
}

interface MediaRow {
  id: string;
  organisation_id: string;
  offer_id: string;
  kind: string;
  filename: string | null;
  content_type: string;
  size_bytes: number;
  sha256: string | null;
  file_path: string | null;
  created_at: Date;
}

// The bytes are read only when the row keeps them and the caller opens them.
const COLUMNS = 'id, organisation_id, offer_id, kind, filename, content_type, size_bytes, sha256, file_path, created_at';

const isStaged = (c: Buffer | StagedFile): c is StagedFile => !Buffer.isBuffer(c);

/** A media whose bytes are in place (a file renamed into the media directory, or held for the row), its row not yet written. */
export interface PlacedMedia {
  /** offer_media's values in MEDIA_COLUMNS order. */
  values: unknown[];
  /** Removes the placed file when the row is not written after all. */
  discard(): Promise<void>;
}

const MEDIA_COLUMNS: Column[] = [
  ['id', 'uuid'],
  ['organisation_id', 'uuid'],
  ['offer_id', 'text'],
  ['kind', 'text'],
  ['filename', 'text'],
  ['content_type', 'text'],
  ['size_bytes', 'integer'],
  ['content', 'bytea'],
  ['file_path', 'text'],
  ['sha256', 'text'],
  ['version_key', 'text'],
  ['created_at', 'timestamptz'],
];

/**
 * Puts the bytes where they belong (see above): with a media directory the file is renamed into
 * place, without one the bytes go into the row (a staged upload is refused: only a change of setting
 * between staging and storing could cause it).
 */
export async function placeMedia(deps: MediaDeps, m: NewMedia): Promise<PlacedMedia> {
  const dir = mediaDirOf(deps);
  let filePath: string | null = null;
  let bytes: Buffer | null = null;
  let size: number;
  let hash: string;
  if (dir) {
    const staged = isStaged(m.content) ? m.content : await stageBuffer(dir, m.content);
    filePath = await placeStaged(dir, staged, m.organisationId, m.id);
    size = staged.sizeBytes;
    hash = staged.sha256;
  } else {
    if (isStaged(m.content)) throw new Error('A staged upload needs a media directory.');
    bytes = m.content;
    size = bytes.length;
    hash = sha256(bytes).toString('hex');
  }
  const placed = filePath;
  return {
    values: [
      m.id,
      m.organisationId,
      m.offerId,
      m.kind,
      m.filename,
      m.contentType,
      size,
      bytes,
      filePath,
      hash,
      m.versionKey ?? null,
      m.createdAt,
    ],
    discard: async () => {
      if (dir && placed) await removeQuietly(path.join(dir, placed));
    },
  };
}

/** The rows of placed media as one INSERT, for a WriteBatch (`condition` as in insertRows). */
export const mediaInsertSql = (p: Params, media: readonly PlacedMedia[], condition?: string) =>
  insertRows(
    p,
    'offer_media',
    MEDIA_COLUMNS,
    media.map((m) => m.values),
    condition,
  );

/**
 * Stores one media: its bytes (placeMedia), then its row. Returns false when a versioned document
 * exists already (the caller's copy is dropped, the stored one stands).
 */
export async function putMedia(deps: MediaDeps, q: Queryable, m: NewMedia): Promise<boolean> {
  const placed = await placeMedia(deps, m);
  const { rowCount } = await q.query(
    `INSERT INTO offer_media (id, organisation_id, offer_id, kind, filename, content_type, size_bytes, content, file_path, sha256, version_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (offer_id, version_key) WHERE version_key IS NOT NULL DO NOTHING`,
    placed.values,
  );
  if (rowCount === 0) await placed.discard();
  return rowCount > 0;
}

function stored(deps: MediaDeps, r: MediaRow): StoredMedia {
  const open = async (): Promise<Buffer | Readable> => {
    if (r.file_path === null) {
      const { rows } = await deps.db.query<{ content: Buffer }>('SELECT content FROM offer_media WHERE id = $1 AND organisation_id = $2', [
        r.id,
        r.organisation_id,
      ]);
      return rows[0]!.content;
    }
    const dir = mediaDirOf(deps);
    if (!dir) throw new Error(`Media ${r.id} is a file, but no media directory is configured (MEDIA_DIR).`);
    return openStored(dir, r.file_path);
  };
  return {
    id: r.id,
    organisationId: r.organisation_id,
    offerId: r.offer_id,
    kind: r.kind,
    filename: r.filename,
    contentType: r.content_type,
    sizeBytes: r.size_bytes,
    sha256: r.sha256 ?? '',
    createdAt: r.created_at,
    open,
  };
}

/** Scoped by organisation: another organisation's media is null, like an unknown id. */
export async function getMedia(deps: MediaDeps, organisationId: string, id: string): Promise<StoredMedia | null> {
  const { rows } = await deps.db.query<MediaRow>(`SELECT ${COLUMNS} FROM offer_media WHERE id = $1 AND organisation_id = $2`, [
    id,
    organisationId,
  ]);
  return rows[0] ? stored(deps, rows[0]) : null;
}

/** The document stored for one version of an offer, if any. */
export async function getVersionedMedia(deps: MediaDeps, organisationId: string, offerId: string, versionKey: string) {
  const { rows } = await deps.db.query<MediaRow>(
    `SELECT ${COLUMNS} FROM offer_media WHERE offer_id = $1 AND version_key = $2 AND organisation_id = $3`,
    [offerId, versionKey, organisationId],
  );
  return rows[0] ? stored(deps, rows[0]) : null;
}

/** Orphan files older than a day are removed (a rename and its commit are seconds apart at most). */
export const ORPHAN_AGE_MS = 24 * 60 * 60_000;

/** Removes media files no row names (and stale upload parts); 0 without a media directory. */
export async function sweepMediaFiles(deps: MediaDeps, now: Date): Promise<number> {
  const dir = mediaDirOf(deps);
  if (!dir) return 0;
  return sweepOrphanFiles(dir, new Date(now.getTime() - ORPHAN_AGE_MS), async (organisationId, ids) => {
    const { rows } = await deps.db.query<{ id: string }>('SELECT id FROM offer_media WHERE organisation_id = $1 AND id = ANY($2::uuid[])', [
      organisationId,
      ids,
    ]);
    return new Set(rows.map((r) => r.id));
  });
}
