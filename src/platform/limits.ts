// Request size limits shared by every surface.

/** The largest request body any JSON endpoint accepts (uploads have their own, larger limits). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The longest request target (path and query) answered normally; a longer one is a 414. It stays
 * below Node's 16 KiB header limit, past which the parser itself refuses (client-errors.ts).
 */
export const MAX_URL_BYTES = 8 * 1024;
