// Media bytes may live in files (documents/media-store.ts: under DATA_DIR/media or MEDIA_DIR) rather
// than in the row: the row then keeps the file's relative path and SHA-256, never the bytes. Existing
// rows keep their bytes and stay readable. An offer's published PDF is stored once per published
// version (version_key: the version hash and the time it was issued), unique per offer.
import type { Migration } from './index.js';

const migration: Migration = {
  version: 17,
  name: 'media_files',
  sql: `
    ALTER TABLE offer_media ALTER COLUMN content DROP NOT NULL;
    ALTER TABLE offer_media ADD COLUMN file_path text;
    ALTER TABLE offer_media ADD COLUMN sha256 text;
    ALTER TABLE offer_media ADD COLUMN version_key text;
    ALTER TABLE offer_media ADD CONSTRAINT offer_media_bytes_kept CHECK (content IS NOT NULL OR file_path IS NOT NULL);
    CREATE UNIQUE INDEX offer_media_version_idx ON offer_media (offer_id, version_key) WHERE version_key IS NOT NULL;
  `,
};

export default migration;
