// Storage of documents and uploads (signed PDFs, audit trails, purchase orders) behind one interface.
// Writes run inside the caller's transaction, so a document exists exactly when the state change
// that produced it committed. The one implementation keeps the bytes in the database (offer_media);
// a DATA_DIR or object-store implementation would keep a reference there and the bytes elsewhere.
import type { Queryable } from '../db/database.js';

export interface NewMedia {
  id: string;
  organisationId: string;
  offerId: string;
  /** signed_document, audit_log, purchase_order */
  kind: string;
  filename: string | null;
  contentType: string;
  content: Buffer;
  createdAt: Date;
}

export interface StoredMedia extends NewMedia {
  sizeBytes: number;
}

export interface MediaStore {
  put(q: Queryable, media: NewMedia): Promise<void>;
  /** Scoped by organisation: another organisation's media is null, like an unknown id. */
  get(q: Queryable, organisationId: string, id: string): Promise<StoredMedia | null>;
}

interface MediaRow {
  id: string;
  organisation_id: string;
  offer_id: string;
  kind: string;
  filename: string | null;
  content_type: string;
  size_bytes: number;
  content: Buffer;
  created_at: Date;
}

export const databaseMediaStore: MediaStore = {
  async put(q, m) {
    await q.query(
      `INSERT INTO offer_media (id, organisation_id, offer_id, kind, filename, content_type, size_bytes, content, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [m.id, m.organisationId, m.offerId, m.kind, m.filename, m.contentType, m.content.length, m.content, m.createdAt],
    );
  },
  async get(q, organisationId, id) {
    const { rows } = await q.query<MediaRow>('SELECT * FROM offer_media WHERE id = $1 AND organisation_id = $2', [id, organisationId]);
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      organisationId: r.organisation_id,
      offerId: r.offer_id,
      kind: r.kind,
      filename: r.filename,
      contentType: r.content_type,
      sizeBytes: r.size_bytes,
      content: r.content,
      createdAt: r.created_at,
    };
  },
};
