// Failures that are the database's or the connection's, not one statement's values: whatever the
// statement, running it again at once fails the same way. A batch of writes that fails with one of
// these is not run again row by row (platform/coalesce.ts).

/** SQLSTATE classes: connection exception, insufficient resources, operator intervention (shutdown, cancel), system error, internal error. */
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '58', 'XX']);

/** The database could not run the statement at all (unreachable, out of resources, shutting down). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code !== 'string') return false;
  // A Node system error on the socket: ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE …
  if (/^E[A-Z]+$/.test(code)) return true;
  return /^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_CLASSES.has(code.slice(0, 2));
}

/** Whether a failed batch may have failed for one of its rows, so that each row alone is worth a try. */
export const mayBeOneRowsFault = (error: unknown): boolean => !isDatabaseUnavailable(error);
