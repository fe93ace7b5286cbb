// The version hash names an offer's content: equal content, equal hash, whatever the key order.
import { sha256 } from '../platform/crypto.js';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** Hex SHA-256 of the canonical JSON of the content fields. */
export function versionHash(content: Record<string, unknown>): string {
  return sha256(JSON.stringify(canonical(content))).toString('hex');
}
