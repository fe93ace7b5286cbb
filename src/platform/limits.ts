// Request size limits shared by every surface.

/** The largest request body any JSON endpoint accepts (uploads have their own, larger limits). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The longest request target (path and query) answered normally; a longer one is a 414. It stays
 * below Node's 16 KiB header limit, past which the parser itself refuses (client-errors.ts).
 */
export const MAX_URL_BYTES = 8 * 1024;

/**
 * The highest page number a list takes: beyond it the offset would leave the integers JSON and the
 * database can both hold exactly, so a larger one is a 400 naming `page`, not a database error.
 */
export const MAX_PAGE = Number.MAX_SAFE_INTEGER;
