// Request size limits shared by every surface.

/** The largest request body any JSON endpoint accepts (uploads have their own, larger limits). */
export const BODY_LIMIT_BYTES = 1024 * 1024;
